// tianmu certify: the certification battery (检测认证). `certify --robot R --suite quick|full|ci
// --out DIR` runs every item's trials in worker processes and writes results.json, report.html
// and profile.json; `certify compare A B` compares two result sets; `certify list` lists the
// items; `certify worker ...` (hidden) runs one trial and prints its JSON.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "commands.h"
#include "flags.h"
#include "tianmu/certify/component_swap.h"
#include "tianmu/certify/registry.h"
#include "tianmu/certify/report.h"
#include "tianmu/certify/runner.h"
#include "tianmu/certify/thresholds.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"

namespace tianmu::cli {
namespace {

using certify::Registry;

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string word;
  while (std::getline(in, word, ',')) {
    if (!word.empty()) out.push_back(word);
  }
  return out;
}

std::filesystem::path SelfExecutable() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw RuntimeError("cannot find the tianmu binary (/proc/self/exe): " + ec.message());
  return exe;
}

// The robot with component swaps applied; fills `swaps`.
model::RobotSpec LoadSwappedRobot(const std::string& robot,
                                  const std::vector<std::string>& components,
                                  std::vector<certify::ComponentSwap>* swaps) {
  model::RobotSpec spec = model::LoadRobotByNameOrPath(robot);
  for (const std::string& c : components) swaps->push_back(certify::ParseComponentSwap(c));
  certify::ApplyComponentSwaps(swaps, &spec);
  return spec;
}

int Worker(const Args& args) {
  Flags flags(args, CertifyCommand().subcommands[2].flags);
  std::vector<certify::ComponentSwap> swaps;
  const model::RobotSpec spec =
      LoadSwappedRobot(flags.Required("robot", "a robot"), flags.All("component"), &swaps);
  const std::string id = flags.Required("item", "an item id");
  const certify::TestItem* item = Registry::Default().Find(id);
  if (item == nullptr) throw InputError("--item: unknown item '" + id + "'");
  const int trial = static_cast<int>(flags.Unsigned("trial"));
  const int attempt = static_cast<int>(flags.Unsigned("attempt"));
  if (certify::CrashHookMatches(id, trial, attempt)) {
    std::fprintf(stderr, "certify worker: crashing on purpose (%s)\n", certify::kCrashHookEnv);
    std::abort();
  }
  certify::TrialContext context;
  context.spec = &spec;
  context.suite = certify::ParseSuite(flags.String("suite", "quick"));
  context.log_path = flags.String("log");
  context.scratch_dir = flags.String("scratch");
  const certify::TrialResult r =
      certify::RunTrialHere(*item, context, trial, flags.Unsigned("seed"));
  std::printf("%s\n", r.ToJson().dump().c_str());
  return 0;
}

int List(const Args& args) {
  Flags flags(args, CertifyCommand().subcommands[1].flags);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& item : Registry::Default().items()) {
    const certify::ItemInfo& i = item->info();
    list.push_back({{"id", i.id},
                    {"domain", certify::DomainName(i.domain)},
                    {"title", i.title},
                    {"standard", i.standard},
                    {"metric", i.metric},
                    {"unit", i.unit},
                    {"comparison", i.comparison},
                    {"trials_quick", i.trials_quick},
                    {"trials_full", i.trials_full},
                    {"protocol", i.protocol}});
  }
  if (flags.Has("json")) {
    std::printf("%s\n", list.dump(2).c_str());
  } else {
    for (const auto& i : list) {
      std::printf("%-30s %-12s %s (%s)\n", i["id"].get<std::string>().c_str(),
                  i["domain"].get<std::string>().c_str(), i["title"].get<std::string>().c_str(),
                  i["unit"].get<std::string>().c_str());
    }
  }
  return 0;
}

int Compare(const Args& args) {
  Flags flags(args, CertifyCommand().subcommands[0].flags);
  if (flags.positional().size() != 2) {
    throw InputError("certify compare: expected two result directories (DIR_A DIR_B)");
  }
  const nlohmann::json a = certify::LoadResults(flags.positional()[0]);
  const nlohmann::json b = certify::LoadResults(flags.positional()[1]);
  const nlohmann::json comparison = certify::Compare(a, b);
  if (flags.Has("html")) {
    const std::filesystem::path html = flags.String("html");
    CheckWritable(html);
    WriteFileAtomically(html, certify::CompareHtml(comparison));
  }
  if (flags.Has("json")) {
    std::printf("%s\n", comparison.dump(2).c_str());
  } else {
    std::printf("%s", certify::CompareText(comparison).c_str());
  }
  return 0;
}

// Runs the battery on `options` and writes the outputs; shared with `bench certify`.
nlohmann::json RunCertification(const certify::RunOptions& options, const model::RobotSpec& spec,
                                const std::vector<const certify::TestItem*>& items,
                                const certify::Thresholds& thresholds, const certify::RunInfo& info,
                                bool write_outputs, std::vector<double>* trial_wall_s) {
  std::vector<certify::TrialTask> tasks;
  std::map<const certify::TestItem*, std::string> unavailable;
  for (const certify::TestItem* item : items) {
    if (auto reason = item->Unavailable(spec)) {
      unavailable[item] = *reason;
      continue;
    }
    const int n =
        options.trials_override > 0
            ? options.trials_override
            : certify::TrialsToRun(*item, options.suite, thresholds.by_item.at(item->info().id));
    for (int k = 0; k < n; ++k) {
      tasks.push_back({item, k, certify::TrialSeed(options.seed, item->info().id, k)});
    }
  }
  std::filesystem::create_directories(options.out_dir / ".scratch");
  if (options.keep_logs) std::filesystem::create_directories(options.out_dir / "logs");
  const auto start = std::chrono::steady_clock::now();
  const std::vector<certify::TrialResult> trials = certify::RunTrials(options, tasks, trial_wall_s);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::filesystem::remove_all(options.out_dir / ".scratch");
  std::vector<certify::ItemResult> results;
  for (const certify::TestItem* item : items) {
    const double threshold = thresholds.by_item.at(item->info().id);
    if (auto it = unavailable.find(item); it != unavailable.end()) {
      certify::ItemResult r = certify::AggregateTrials(item->info(), {}, threshold);
      r.verdict = "not_available";
      r.reason = it->second;
      r.threshold_source = thresholds.source_by_item.at(item->info().id);
      results.push_back(r);
      continue;
    }
    std::vector<certify::TrialResult> mine;
    for (const certify::TrialResult& t : trials) {
      if (t.item == item->info().id) mine.push_back(t);
    }
    results.push_back(item->Aggregate(mine, threshold));
    results.back().threshold_source = thresholds.source_by_item.at(item->info().id);
  }
  const nlohmann::json timing = {{"wall_s", wall},
                                 {"jobs", options.jobs},
                                 {"trials", tasks.size()},
                                 {"trials_per_minute", wall > 0 ? 60.0 * tasks.size() / wall : 0}};
  nlohmann::json out = certify::ResultsJson(info, results, timing);
  if (write_outputs) {
    WriteFileAtomically(options.out_dir / "results.json", out.dump(2) + "\n");
    WriteFileAtomically(options.out_dir / "report.html", certify::ReportHtml(out));
    WriteFileAtomically(options.out_dir / "profile.json", certify::ProfileJson(out).dump(2) + "\n");
  }
  return out;
}

// Robot, swaps, items, thresholds and run facts from the flags shared by certify and bench.
struct Prepared {
  certify::RunOptions options;
  model::RobotSpec spec;
  std::vector<const certify::TestItem*> items;
  certify::Thresholds thresholds;
  certify::RunInfo info;
};

Prepared Prepare(const Flags& flags) {
  Prepared p;
  p.options.robot = flags.String("robot", "tm1");
  p.options.components = flags.All("component");
  std::vector<certify::ComponentSwap> swaps;
  p.spec = LoadSwappedRobot(p.options.robot, p.options.components, &swaps);
  p.options.suite = certify::ParseSuite(flags.String("suite", "quick"));
  p.items = Registry::Default().Select(SplitList(flags.String("items")));
  p.options.trials_override = static_cast<int>(flags.Number("trials"));
  p.options.jobs = static_cast<int>(flags.Number("jobs"));
  p.options.seed = flags.Unsigned("seed");
  p.options.keep_logs = flags.Has("keep-logs");
  p.options.worker_exe = SelfExecutable();
  const std::string robot_class = flags.String("class", certify::RobotClassOf(p.spec));
  const std::filesystem::path thresholds_file =
      flags.Has("thresholds") ? std::filesystem::path(flags.String("thresholds"))
                              : certify::ThresholdsFileFor(robot_class);
  p.thresholds = certify::LoadThresholds(thresholds_file, Registry::Default());
  p.info.robot = p.spec.name;
  p.info.robot_description = p.spec.description;
  p.info.robot_class = p.thresholds.robot_class;
  p.info.suite = certify::SuiteName(p.options.suite);
  p.info.seed = p.options.seed;
  p.info.thresholds_file = thresholds_file.string();
  p.info.trials_override = p.options.trials_override;
  for (const model::GroupSpec& g : p.spec.groups) {
    nlohmann::json ids = nlohmann::json::array();
    for (int j : g.joints) {
      if (std::find(ids.begin(), ids.end(), p.spec.joints[j].component) == ids.end()) {
        ids.push_back(p.spec.joints[j].component);
      }
    }
    p.info.components[g.name] = ids;
  }
  for (const certify::ComponentSwap& s : swaps) {
    p.info.component_swaps.push_back({{"selector", s.selector},
                                      {"datasheet", s.datasheet.string()},
                                      {"component", s.component_id},
                                      {"joints", s.joints}});
  }
  return p;
}

FlagSpec ComponentFlag() {
  return Option("component", "GROUP=DATASHEET.yaml",
                "swap the integrated joints of a joint group for this component datasheet")
      .Repeatable()
      .Kind(ValueKind::kFile);
}

FlagSpec SuiteFlag() {
  return Option("suite", "NAME",
                "quick (reduced battery), full (the certification: enough trials for a pass) or ci "
                "(every item once at quick size)")
      .Default("quick")
      .Choices({"quick", "full", "ci"});
}

std::vector<FlagSpec> CertifyFlagSpecs() {
  return {
      Option("robot", "NAME|PATH", "the robot: a name from `tianmu robots` or a robot.yaml path")
          .Default("tm1")
          .Kind(ValueKind::kRobot),
      SuiteFlag(),
      Option("items", "ID,...", "only these test items (ids from `tianmu certify list`)")
          .Default("every item of the suite"),
      Option("trials", "N", "trials per item instead of the suite's count (0: the suite's)")
          .Default("0")
          .Range(0, 10000),
      Option("jobs", "J", "trials run in parallel, one worker process each")
          .Default("1")
          .Range(1, 256),
      Option("seed", "S", "seed of the battery; trial seeds derive from it").Default("1"),
      Option("out", "DIR", "where results.json, report.html and profile.json go (required)")
          .Kind(ValueKind::kDirectory),
      Switch("force", "overwrite results already in --out"),
      Switch("keep-logs", "keep each trial's MCAP log in DIR/logs/"),
      ComponentFlag(),
      Option("class", "CLASS",
             "the robot class whose thresholds apply (assets/certify/thresholds/)")
          .Default("the robot's class"),
      Option("thresholds", "FILE", "a thresholds file instead of the class's")
          .Kind(ValueKind::kFile)};
}

int RunCertify(const Args& args) {
  Flags flags(args, CertifyFlagSpecs());
  if (!flags.positional().empty()) {
    throw InputError("certify: unexpected argument '" + flags.positional()[0] + "'" +
                     DidYouMean(flags.positional()[0], {"compare", "list"}) +
                     " (subcommands: compare, list)");
  }
  Prepared p = Prepare(flags);
  p.options.out_dir = flags.Required("out", "an output directory");
  if (std::filesystem::exists(p.options.out_dir / "results.json") && !flags.Has("force")) {
    throw InputError("--out: " + p.options.out_dir.string() +
                     " already holds certification results (use --force to overwrite)");
  }
  std::filesystem::create_directories(p.options.out_dir);
  CheckWritable(p.options.out_dir / "results.json");
  std::fprintf(stderr, "certify: %s (%s), %s suite, %zu item(s), seed %llu, %d job(s)\n",
               p.spec.name.c_str(), p.info.robot_class.c_str(), p.info.suite.c_str(),
               p.items.size(), static_cast<unsigned long long>(p.options.seed), p.options.jobs);
  const nlohmann::json results =
      RunCertification(p.options, p.spec, p.items, p.thresholds, p.info, true, nullptr);
  int errors = 0, provisional = 0;
  for (const auto& item : results["items"]) {
    const bool is_provisional = item.value("provisional", false);
    provisional += is_provisional ? 1 : 0;
    std::printf(
        "%-30s %-14s %12s %-5s (%s %g)\n", item["id"].get<std::string>().c_str(),
        (item["verdict"].get<std::string>() + (is_provisional ? " *" : "")).c_str(),
        item["value"].is_number() ? std::to_string(item["value"].get<double>()).c_str() : "-",
        item["unit"].get<std::string>().c_str(), item["comparison"].get<std::string>().c_str(),
        item["threshold"].get<double>());
    errors += item["verdict"] == "error" ? 1 : 0;
  }
  for (const char* d : {"performance", "safety", "reliability"}) {
    std::printf("%s: grade %s\n", d, results["summary"][d]["grade"].get<std::string>().c_str());
  }
  if (errors > 0) std::printf("%d item(s) in error: see the report\n", errors);
  if (provisional > 0) {
    std::printf("* %d verdict(s) provisional: fewer trials than a pass needs (--suite full)\n",
                provisional);
  }
  std::printf("wrote %s/results.json, report.html, profile.json (%.0f s)\n",
              p.options.out_dir.string().c_str(), results["timing"]["wall_s"].get<double>());
  return 0;
}

// tianmu bench certify: trials per minute per item class with one job, and the speed-up of two.
int BenchCertify(const Args& args) {
  Flags flags(args, BenchCertifyCommand().flags);
  std::vector<std::string> forwarded = {
      "--robot", flags.String("robot", "tm1"), "--suite", "quick", "--seed", "7"};
  Flags certify_flags(forwarded, CertifyFlagSpecs());
  Prepared p = Prepare(certify_flags);
  // One short item per domain by default.
  const std::string items =
      flags.String("items", "perf.cost_of_transport,safety.watchdog,rel.fault_command_latency");
  p.items = Registry::Default().Select(SplitList(items));
  p.options.trials_override = static_cast<int>(flags.Number("trials"));
  char dir_template[] = "/tmp/tianmu-bench-certify-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) throw RuntimeError("cannot create a temporary directory");
  p.options.out_dir = dir_template;
  nlohmann::json runs = nlohmann::json::object();
  double wall[3] = {0, 0, 0};
  nlohmann::json per_domain = nlohmann::json::object();
  for (int jobs : {1, 2}) {
    p.options.jobs = jobs;
    std::fprintf(stderr, "bench certify: %zu item(s) × %d trial(s), %d job(s)\n", p.items.size(),
                 p.options.trials_override, jobs);
    std::vector<double> trial_wall;
    const nlohmann::json r =
        RunCertification(p.options, p.spec, p.items, p.thresholds, p.info, false, &trial_wall);
    wall[jobs] = r["timing"]["wall_s"];
    if (jobs == 1) {
      // Trial wall times in task order: items in order, trials_override each.
      std::size_t k = 0;
      for (const certify::TestItem* item : p.items) {
        const std::string domain = certify::DomainName(item->info().domain);
        double seconds = 0;
        for (int t = 0; t < p.options.trials_override && k < trial_wall.size(); ++t) {
          seconds += trial_wall[k++];
        }
        per_domain[domain] = {
            {"item", item->info().id},
            {"trials", p.options.trials_override},
            {"wall_s", seconds},
            {"trials_per_minute", seconds > 0 ? 60 * p.options.trials_override / seconds : 0}};
      }
    }
  }
  std::filesystem::remove_all(p.options.out_dir);
  const nlohmann::json out = {{"bench", "certify"},
                              {"robot", p.spec.name},
                              {"trials_per_item", p.options.trials_override},
                              {"item_classes", per_domain},
                              {"wall_s_1_job", wall[1]},
                              {"wall_s_2_jobs", wall[2]},
                              {"speedup_2_jobs", wall[2] > 0 ? wall[1] / wall[2] : 0},
                              {"cpus_online", sysconf(_SC_NPROCESSORS_ONLN)}};
  if (flags.Has("json")) {
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    for (const auto& [domain, d] : per_domain.items()) {
      std::printf("%-12s %-30s %.2f trials/min\n", domain.c_str(),
                  d["item"].get<std::string>().c_str(), d["trials_per_minute"].get<double>());
    }
    std::printf("1 job: %.1f s, 2 jobs: %.1f s, speed-up %.2fx\n", wall[1], wall[2],
                out["speedup_2_jobs"].get<double>());
  }
  return 0;
}

}  // namespace

CommandSpec CertifyCommand() {
  return {.name = "certify",
          .purpose = "run the certification battery on a robot and write a report",
          .flags = CertifyFlagSpecs(),
          .examples = {"tianmu certify --robot tm1 --suite quick --out out/cert",
                       "tianmu certify --robot tm1 --suite full --seed 3 --jobs 2 --out out/a"},
          .subcommands =
              {{.name = "compare",
                .purpose = "compare two results directories item by item",
                .operands = "DIR_A DIR_B",
                .flags = {Option("html", "FILE", "also write the comparison as an HTML page")
                              .Kind(ValueKind::kFile),
                          Switch("json", "print the comparison as JSON on stdout")},
                .examples = {"tianmu certify compare out/a out/b --html diff.html"},
                .run = Compare},
               {.name = "list",
                .purpose = "list the test items: id, domain, standard, metric and trials",
                .flags = {Switch("json", "print the items as JSON on stdout")},
                .examples = {"tianmu certify list", "tianmu certify list --json"},
                .run = List},
               {.name = "worker",
                .purpose = "internal: run one trial of one item (certify starts these itself)",
                .flags = {Option("robot", "NAME|PATH",
                                 "the robot: a name from `tianmu robots` or a robot.yaml path")
                              .Kind(ValueKind::kRobot),
                          SuiteFlag(), Option("item", "ID", "the test item (required)"),
                          Option("trial", "K", "the trial's index").Default("0"),
                          Option("seed", "S", "the trial's seed").Default("0"),
                          Option("attempt", "N", "the retry attempt").Default("0"),
                          Option("scratch", "DIR", "a scratch directory for the trial")
                              .Kind(ValueKind::kDirectory),
                          Option("log", "FILE.mcap", "write the trial's MCAP log")
                              .Kind(ValueKind::kFile),
                          ComponentFlag()},
                .examples = {"tianmu certify worker --robot tm1 --item safety.watchdog --trial 0 "
                             "--seed 7"},
                .run = Worker}},
          .run = RunCertify};
}

CommandSpec BenchCertifyCommand() {
  return {
      .name = "certify",
      .purpose =
          "certification trials per minute per item with one job, and the speed-up "
          "of two",
      .flags = {Option("robot", "NAME|PATH",
                       "the robot: a name from `tianmu robots` or a robot.yaml path")
                    .Default("tm1")
                    .Kind(ValueKind::kRobot),
                Option("items", "ID,...", "the items to time")
                    .Default("perf.cost_of_transport,safety.watchdog,rel.fault_command_latency"),
                Option("trials", "N", "trials per item").Default("2").Range(1, 100),
                Switch("json", "print the figures as JSON on stdout")},
      .examples = {"tianmu bench certify --trials 2 --json"},
      .run = BenchCertify};
}

}  // namespace tianmu::cli
