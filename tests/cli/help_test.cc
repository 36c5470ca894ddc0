// `tianmu --help`, `help`, `--version`, `completion` and typo suggestions from the outside: the
// built binary, every command and subcommand it lists, the generated completion scripts run by
// bash (and zsh when installed), and docs/cli.md compared with what the binary generates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.h"

namespace tianmu {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using tianmu::testing::CommandResult;
using tianmu::testing::RunCommand;

const std::string kCli = TIANMU_CLI;

CommandResult Tianmu(const std::string& args) { return RunCommand("'" + kCli + "' " + args); }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> CommandPaths() {
  const CommandResult r = Tianmu("help --commands");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return Lines(r.out);
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A file in the temporary directory holding `text`, removed with the object.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& text)
      : path_(fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
    std::ofstream(path_) << text;
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(Help, EveryCommandAndSubcommandExplainsEveryFlag) {
  const std::vector<std::string> paths = CommandPaths();
  // The tree holds at least the commands of the README and their subcommands.
  for (const char* expected : {"sim", "log info", "bench sim", "bench cerebellum", "certify list",
                               "objects add", "motion play", "robot init", "completion zsh"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(), expected), paths.end()) << expected;
  }
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    const CommandResult r = Tianmu(path + " --help");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    // First line: "tianmu PATH: purpose".
    EXPECT_THAT(r.out, StartsWith("tianmu " + path + ": "));
    EXPECT_GT(Lines(r.out).at(0).size(), ("tianmu " + path + ": ").size() + 5) << "no purpose";
    EXPECT_THAT(r.out, HasSubstr("\nusage: tianmu " + path));
    // At least one example, using the command itself.
    const std::size_t examples = r.out.find("\nexamples:\n  ");
    ASSERT_NE(examples, std::string::npos) << "no examples";
    EXPECT_NE(r.out.find("tianmu " + path, examples), std::string::npos) << "no example of it";
    // Every flag line ("  --name ...") is followed by its meaning, indented six spaces.
    const std::vector<std::string> lines = Lines(r.out);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].rfind("  --", 0) != 0) continue;
      ASSERT_LT(i + 1, lines.size()) << lines[i] << " has no help text";
      EXPECT_TRUE(lines[i + 1].rfind("      ", 0) == 0 && lines[i + 1].size() > 10)
          << lines[i] << " has no help text";
    }
  }
}

TEST(Help, FlagHelpGivesUnitDefaultAndRange) {
  const CommandResult r = Tianmu("sim --help");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("  --duration T\n      simulated time (unit: s; default: 10; "
                               "range: [0.001, 86400])\n"));
  EXPECT_THAT(
      r.out,
      HasSubstr("  --controller NAME\n      the controller (default: wbc; one of wbc, posture)\n"));
  EXPECT_THAT(r.out, HasSubstr("  --push SPEC\n"));
  EXPECT_THAT(r.out, HasSubstr("repeatable"));
}

TEST(Help, HelpCommandEqualsDashDashHelp) {
  for (const std::string path : {"sim", "log info", "bench", "bench control", "certify"}) {
    const CommandResult a = Tianmu("help " + path);
    const CommandResult b = Tianmu(path + " --help");
    ASSERT_EQ(a.exit_code, 0) << a.err;
    EXPECT_EQ(a.out, b.out) << path;
    EXPECT_EQ(Tianmu(path + " -h").out, b.out) << path;
  }
}

TEST(Help, RootHelpListsEveryCommandWithItsPurpose) {
  const CommandResult r = Tianmu("--help");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(Tianmu("help").out, r.out);
  EXPECT_THAT(r.out, HasSubstr("\n  sim          run a headless simulation"));
  for (const std::string& path : CommandPaths()) {
    if (path.find(' ') == std::string::npos) {
      EXPECT_THAT(r.out, HasSubstr("\n  " + path + " "));
    }
  }
}

TEST(Help, HelpOfAnUnknownCommandSuggestsTheNearestAndExitsTwo) {
  const CommandResult r = Tianmu("help bnech");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown command 'bnech'; did you mean 'bench'?"));
}

TEST(Version, NamesVersionGitRevisionAndMujoco) {
  const CommandResult r = Tianmu("--version");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // "tianmu 0.1.0 (git 5ae2464cafe0-dirty), MuJoCo 2.2.2"; the revision is "unknown" when the
  // sources are not a git checkout.
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      r.out, m, std::regex(R"(tianmu (\d+\.\d+\.\d+) \(git ([^ )]+)\), MuJoCo (\d+\.\d+\.\d+)\n)")))
      << r.out;
  EXPECT_EQ(m[1], TIANMU_PROJECT_VERSION);
  EXPECT_EQ(m[3], "2.2.2");  // Debian 12's libmujoco-dev, which scripts/setup.sh installs
  const CommandResult head =
      RunCommand("git -C '" + std::string(TIANMU_SOURCE_DIR) + "' rev-parse HEAD");
  if (head.exit_code == 0 && fs::exists(fs::path(TIANMU_SOURCE_DIR) / ".git")) {
    EXPECT_THAT(m[2].str(), HasSubstr(head.out.substr(0, 7))) << "built from another revision";
  } else {
    EXPECT_EQ(m[2], "unknown");
  }
  EXPECT_EQ(Tianmu("version").out, r.out);
}

TEST(Typos, AMistypedFlagSuggestsTheNearestAndExitsTwo) {
  const CommandResult r = Tianmu("sim --durration 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, StartsWith("tianmu sim: --durration: unknown flag; did you mean --duration? "
                                "(expected one of: --robot, "));
  // A transposition is one edit.
  EXPECT_THAT(Tianmu("sim --sede 1").err, HasSubstr("did you mean --seed?"));
  // Nothing near: the list only, as before.
  const CommandResult far = Tianmu("sim --verbose");
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_THAT(far.err, HasSubstr("--verbose: unknown flag (expected one of:"));
}

TEST(Typos, AMistypedCommandOrSubcommandSuggestsTheNearestAndExitsTwo) {
  const CommandResult command = Tianmu("simm --duration 1");
  EXPECT_EQ(command.exit_code, 2);
  EXPECT_THAT(command.err, StartsWith("tianmu: unknown command 'simm'; did you mean 'sim'?\n"));
  const CommandResult sub = Tianmu("log inof x.mcap");
  EXPECT_EQ(sub.exit_code, 2);
  EXPECT_EQ(
      sub.err,
      "tianmu log: unknown subcommand 'inof'; did you mean 'info'? (expected one of: info)\n");
  const CommandResult missing = Tianmu("bench");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("expected a subcommand (expected one of: sim, control"));
}

TEST(Completion, BashScriptIsValidAndCompletesCommandsFlagsAndRobots) {
  const CommandResult script = Tianmu("completion bash");
  ASSERT_EQ(script.exit_code, 0) << script.err;
  const TempFile file("tianmu-completion.bash", script.out);
  const CommandResult syntax = RunCommand("bash -n '" + file.path().string() + "'");
  ASSERT_EQ(syntax.exit_code, 0) << syntax.err;
  // Complete as bash would: COMP_WORDS up to the cursor, then print COMPREPLY.
  const auto complete = [&](const std::string& words) {
    const CommandResult r = RunCommand(
        "bash -c 'source \"" + file.path().string() + "\"; COMP_WORDS=(\"" + kCli + "\" " + words +
        "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _tianmu; echo \"${COMPREPLY[*]}\"'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  EXPECT_EQ(complete("si"), "sim\n");
  EXPECT_EQ(complete("bench c"), "control cerebellum certify\n");
  EXPECT_EQ(complete("sim --dur"), "--duration\n");
  EXPECT_EQ(complete("log info --"), "--json --help\n");
  EXPECT_EQ(complete("sim --controller \"\""), "wbc posture\n");
  EXPECT_EQ(complete("sim --robot tm1s-"), "tm1s-mixed tm1s-noft tm1s-servo tm1s-urdf\n");
}

TEST(Completion, ZshScriptIsValid) {
  const CommandResult script = Tianmu("completion zsh");
  ASSERT_EQ(script.exit_code, 0) << script.err;
  EXPECT_THAT(script.out, StartsWith("#compdef tianmu\n"));
  EXPECT_THAT(script.out, HasSubstr("'--duration[simulated time]:T: '"));
  if (RunCommand("command -v zsh").exit_code != 0) {
    GTEST_SKIP() << "zsh is not installed: the zsh script was generated but not checked by zsh -n";
  }
  const TempFile file("tianmu-completion.zsh", script.out);
  const CommandResult syntax = RunCommand("zsh -n '" + file.path().string() + "'");
  EXPECT_EQ(syntax.exit_code, 0) << syntax.err;
}

TEST(Completion, ZshCompletesSubcommandsFlagsAndRobots) {
  if (RunCommand("command -v zsh").exit_code != 0) {
    GTEST_SKIP() << "zsh is not installed: the zsh script was not run";
  }
  const CommandResult script = Tianmu("completion zsh");
  ASSERT_EQ(script.exit_code, 0) << script.err;
  const fs::path dir = fs::temp_directory_path() / ("tianmu-zsh-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "_tianmu") << script.out;
  // What a terminal shows after typing LINE and TAB in zsh with the script installed.
  const auto complete = [&](const std::string& line) {
    const CommandResult r = RunCommand("zsh -f '" + std::string(TIANMU_TEST_DATA_DIR) +
                                       "/complete_in_zsh.zsh' '" + dir.string() + "' '" +
                                       fs::path(kCli).parent_path().string() + "' '" + line + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  EXPECT_THAT(complete("tianmu sim --dur"), HasSubstr("tianmu sim --duration "));
  const std::string bench = complete("tianmu bench c");
  EXPECT_THAT(bench, HasSubstr("cerebellum  -- the whole-body controller's acceptance table"));
  EXPECT_THAT(bench, HasSubstr("certify "));
  EXPECT_THAT(bench, HasSubstr("control "));
  EXPECT_THAT(complete("tianmu sim --robot tm1s-"),
              HasSubstr("tm1s-mixed  tm1s-noft   tm1s-servo  tm1s-urdf"));
  fs::remove_all(dir);
}

TEST(Completion, BuildGeneratesTheInstalledScripts) {
  // The scripts CMake installs are the ones the command prints.
  EXPECT_EQ(ReadText(fs::path(TIANMU_COMPLETION_DIR) / "tianmu"), Tianmu("completion bash").out);
  EXPECT_EQ(ReadText(fs::path(TIANMU_COMPLETION_DIR) / "_tianmu"), Tianmu("completion zsh").out);
}

TEST(Docs, CliReferenceMatchesTheCommandDefinitions) {
  const CommandResult r = Tianmu("help --markdown");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string checked_in = ReadText(fs::path(TIANMU_SOURCE_DIR) / "docs" / "cli.md");
  EXPECT_TRUE(checked_in == r.out)
      << "docs/cli.md is out of date: regenerate it with `build/bin/tianmu help --markdown > "
         "docs/cli.md`";
  for (const std::string& path : CommandPaths()) {
    EXPECT_THAT(checked_in, HasSubstr("\n## tianmu " + path + "\n")) << path;
  }
}

}  // namespace
}  // namespace tianmu
