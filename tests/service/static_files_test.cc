// Static dashboard files: only regular files inside the static directory are served. Traversal
// attempts (absolute, doubled slashes, "..", encoded dots and separators, backslashes, NUL,
// hidden files, symlinks out, overlong) get 400 or 404, both from the resolver and over the wire
// against a running service whose data directory holds the tokens.
#include "tianmu/service/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "service_test_util.h"

namespace tianmu::service {
namespace {

namespace fs = std::filesystem;

// A static directory with an index, an asset, a hidden file and a symlink pointing out of it.
struct StaticTree {
  testing::TempDir dir;
  fs::path web;
  fs::path secret;
  StaticTree() {
    web = dir.path() / "web";
    fs::create_directories(web / "assets");
    std::ofstream(web / "index.html") << "<html>dashboard</html>";
    std::ofstream(web / "assets" / "app.js") << "console.log(1)";
    std::ofstream(web / ".env") << "SECRET=1";
    secret = dir.path() / "secret.txt";
    std::ofstream(secret) << "top secret";
    fs::create_symlink(secret, web / "link.txt");
    fs::create_directory_symlink(dir.path(), web / "up");
  }
};

TEST(StaticFiles, ServesFilesInsideTheDirectory) {
  StaticTree t;
  const StaticLookup index = ResolveStaticFile(t.web, "/", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.file.filename(), "index.html");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  const StaticLookup js = ResolveStaticFile(t.web, "/assets/app.js", "/assets/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(ResolveStaticFile(t.web, "/missing.js", "/missing.js").status, 404);
  EXPECT_EQ(ResolveStaticFile(t.web, "/assets", "/assets").status, 404);  // a directory
}

TEST(StaticFiles, TraversalAttemptsAreRefused) {
  StaticTree t;
  const std::string secret = t.secret.string();
  // {raw target as sent, percent-decoded path}
  const std::vector<std::pair<std::string, std::string>> attempts = {
      {"/" + secret, "/" + secret},          // absolute path after the slash
      {"//etc/hostname", "//etc/hostname"},  // doubled slash
      {"/../secret.txt", "/../secret.txt"},  // parent
      {"/assets/../../secret.txt", "/assets/../../secret.txt"},
      {"/%2e%2e/secret.txt", "/../secret.txt"},                        // encoded dots
      {"/assets%2f..%2f..%2fsecret.txt", "/assets/../../secret.txt"},  // encoded separators
      {"/..%5csecret.txt", "/..\\secret.txt"},                         // encoded backslash
      {"/..\\secret.txt", "/..\\secret.txt"},                          // backslash
      {"/index.html%00.js", std::string("/index.html\0.js", 15)},      // NUL
      {"/./index.html", "/./index.html"},                              // dot segment
      {"/.env", "/.env"},                                              // hidden file
      {"/link.txt", "/link.txt"},                                    // symlink out of the directory
      {"/up/secret.txt", "/up/secret.txt"},                          // directory symlink out
      {"/" + std::string(5000, 'a'), "/" + std::string(5000, 'a')},  // overlong
      {"/C:/Windows/win.ini", "/C:/Windows/win.ini"},                // drive letter
      {"relative", "relative"},                                      // not a path
  };
  for (const auto& [raw, decoded] : attempts) {
    const StaticLookup r = ResolveStaticFile(t.web, raw, decoded);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << raw << " -> " << r.status;
    EXPECT_TRUE(r.file.empty()) << raw;
  }
}

TEST(StaticFiles, OverTheWireNoFileOutsideTheDashboardIsServedWithoutOrWithAToken) {
  StaticTree t;
  ServiceOptions options;
  options.static_dir = t.web;
  testing::TestService s(options);
  const fs::path tokens = s.dir.path() / "service" / "tokens.json";
  ASSERT_TRUE(fs::exists(tokens)) << tokens;
  // Requests as `curl --path-as-is` sends them, raw on the socket.
  const std::vector<std::string> targets = {
      "//etc/hostname",
      "/" + tokens.string(),
      "/" + tokens.string().substr(1),
      "//" + tokens.string(),
      "/../../../../../../etc/passwd",
      "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/%2fetc%2fhostname",
      "/..%2f..%2f..%2fetc%2fpasswd",
      "/index.html%00",
      "/link.txt",
      "/up/secret.txt",
  };
  const std::string op_token = s.operator_token();
  for (const std::string& target : targets) {
    const std::string reply = testing::RawExchange(
        s.port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    ASSERT_GE(reply.size(), 12u) << target;
    const std::string status = reply.substr(9, 3);
    EXPECT_TRUE(status == "400" || status == "404") << target << ": " << reply.substr(0, 40);
    EXPECT_EQ(reply.find(op_token), std::string::npos) << target;
    EXPECT_EQ(reply.find("top secret"), std::string::npos) << target;
    EXPECT_EQ(reply.find("root:"), std::string::npos) << target;
  }
  const testing::HttpResult index = testing::Http(s.port(), "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("dashboard"), std::string::npos);
}

}  // namespace
}  // namespace tianmu::service
