// The dashboard: log in with a token, draw the robot live, plot its state, drive it.
import { Api, errorText } from "./api";
import { LibraryPanels } from "./library";
import { StripChart } from "./plots";
import { Telemetry } from "./telemetry";
import { Geometry, View3d } from "./view3d";

type Vec3 = { x: number; y: number; z: number };
interface Status {
  time_s: number;
  mode: string;
  estop: boolean;
  fallen: boolean;
  command: { vx_mps: number; vy_mps: number; wz_radps: number };
  ticks: number;
  deadline_misses: number;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element as T;
};
const text = (id: string, value: string) => {
  $(id).textContent = value;
};

let api: Api | null = null;
let view: View3d | null = null;
let baseBody = 1;
let driveTimer: number | undefined;
let driving: [number, number, number] | null = null;

const charts = {
  velocity: new StripChart($("plot-velocity") as HTMLCanvasElement, "base m/s", ["vx", "vy"], ["#4fc3f7", "#aed581"]),
  torque: new StripChart($("plot-torque") as HTMLCanvasElement, "|τ| N·m", ["max", "mean"], ["#ff8a65", "#ffd54f"]),
  temperature: new StripChart($("plot-temperature") as HTMLCanvasElement, "winding °C", ["max"], ["#e57373"]),
  contact: new StripChart($("plot-contact") as HTMLCanvasElement, "contact N", ["left", "right"], ["#ba68c8", "#4db6ac"]),
};

function onMessage(topic: string, message: unknown): void {
  switch (topic) {
    case "/base_pose": {
      const p = (message as { pose: { position: Vec3 } }).pose.position;
      text("base-x", p.x.toFixed(3));
      text("base-y", p.y.toFixed(3));
      break;
    }
    case "/base_twist": {
      const v = (message as { linear_mps: Vec3 }).linear_mps;
      text("speed", Math.hypot(v.x, v.y).toFixed(2));
      charts.velocity.push([v.x, v.y]);
      break;
    }
    case "/joint_states": {
      const m = message as { effort: number[]; temperature: number[] };
      const abs = m.effort.map(Math.abs);
      charts.torque.push([Math.max(...abs), abs.reduce((a, b) => a + b, 0) / abs.length]);
      charts.temperature.push([Math.max(...m.temperature)]);
      break;
    }
    case "/foot_wrenches": {
      const m = message as { left: { contact_force_N: Vec3 }; right: { contact_force_N: Vec3 } };
      charts.contact.push([m.left.contact_force_N.z, m.right.contact_force_N.z]);
      break;
    }
    case "/controller_status": {
      const s = message as Status;
      text("mode", s.fallen ? `${s.mode} (fallen)` : s.mode);
      text("time", s.time_s.toFixed(1));
      text("estop-state", s.estop ? "E-STOPPED" : "clear");
      const c = s.command;
      text("command", `${c.vx_mps.toFixed(2)}, ${c.vy_mps.toFixed(2)} m/s, ${c.wz_radps.toFixed(2)} rad/s`);
      text("loop", `${s.ticks} ticks, ${s.deadline_misses} misses`);
      break;
    }
    case "/body_poses": {
      const poses = (message as { pose: number[][] }).pose;
      // A spawned object changes the model: fetch its geometry again.
      if (view && poses.length !== view.bodyCount) void reloadGeometry();
      view?.update(poses, baseBody);
      break;
    }
  }
}

let reloading = false;
async function reloadGeometry(): Promise<void> {
  if (reloading || !api || !view) return;
  reloading = true;
  try {
    view.load(await api.get<Geometry>("/model/geometry"));
  } finally {
    reloading = false;
  }
}

function drawCharts(): void {
  Object.values(charts).forEach((c) => c.draw());
}

function report(result: unknown): void {
  $("library").textContent = typeof result === "string" ? result : JSON.stringify(result, null, 1);
}

async function call(path: string, body: unknown = {}): Promise<void> {
  if (!api) return;
  try {
    report(await api.post(path, body));
  } catch (e) {
    report(errorText(e));
  }
}

function setDriving(command: [number, number, number] | null): void {
  driving = command;
  window.clearInterval(driveTimer);
  $("walk").classList.toggle("active", command !== null);
  if (command === null) return;
  const send = () => {
    if (!driving) return;
    const [vx_mps, vy_mps, wz_radps] = driving;
    void api?.post("/walk", { vx_mps, vy_mps, wz_radps }).catch((e) => {
      report(errorText(e));
      setDriving(null);
    });
  };
  send();
  // Repeating the command is the keep-alive the deadman expects.
  driveTimer = window.setInterval(send, 250);
}

function stopDriving(): void {
  if (driving === null) return;
  setDriving(null);
  void call("/stop");
}

function estop(): void {
  setDriving(null);
  void call("/estop");
}

function bindControls(): void {
  $("estop").onclick = estop;
  $("walk").onclick = () => (driving ? stopDriving() : setDriving([0.3, 0, 0]));
  $("stop").onclick = () => {
    setDriving(null);
    void call("/stop");
  };
  $("stand").onclick = () => {
    setDriving(null);
    void call("/stand");
  };
  $("reset").onclick = () => {
    setDriving(null);
    void call("/reset");
  };
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-walk]")) {
    const command = (button.dataset.walk ?? "0,0,0").split(",").map(Number) as [number, number, number];
    button.onpointerdown = () => setDriving(command);
    button.onpointerup = button.onpointerleave = stopDriving;
  }
  const keys: Record<string, [number, number, number]> = {
    w: [0.3, 0, 0], s: [-0.2, 0, 0], a: [0, 0.15, 0], d: [0, -0.15, 0], q: [0, 0, 0.4], e: [0, 0, -0.4],
  };
  window.addEventListener("keydown", (event) => {
    if (["INPUT", "SELECT"].includes((event.target as HTMLElement).tagName)) return;
    if (event.code === "Space") {
      event.preventDefault();
      estop();
    } else if (keys[event.key] && !event.repeat) {
      setDriving(keys[event.key]!);
    }
  });
  window.addEventListener("keyup", (event) => {
    if (keys[event.key]) stopDriving();
  });
}

async function pollWarnings(): Promise<void> {
  if (!api) return;
  try {
    const state = await api.get<{ warnings: { message: string; time_s: number }[] }>("/state");
    $("warnings").replaceChildren(
      ...state.warnings.slice(-5).map((w) => {
        const li = document.createElement("li");
        li.textContent = `${w.time_s.toFixed(1)} s: ${w.message}`;
        return li;
      }),
    );
  } catch {
    // shown by the connection pill
  }
}

async function login(token: string): Promise<void> {
  const candidate = new Api(token);
  const session = await candidate.get<{ role: string }>("/session");
  api = candidate;
  sessionStorage.setItem("tianmu-token", token);
  text("role", session.role);
  $("login").classList.add("hidden");
  const info = await api.get<{ robot: string; scene: string }>("/info");
  text("robot-name", `Tianmu · ${info.robot} · ${info.scene}`);
  const model = await api.get<{ base_body: string; bodies: string[] }>("/model");
  baseBody = Math.max(0, model.bodies.indexOf(model.base_body));
  view = new View3d($("view"));
  view.load(await api.get<Geometry>("/model/geometry"));
  new Telemetry(token, onMessage, (up) => {
    text("connection", up ? "live" : "offline");
  }).connect();
  new LibraryPanels(api, report);
  window.setInterval(() => void pollWarnings(), 1000);
  window.setInterval(drawCharts, 100);
}

function main(): void {
  bindControls();
  const hash = new URLSearchParams(location.hash.slice(1));
  const initial = hash.get("token") ?? sessionStorage.getItem("tianmu-token") ?? "";
  ($("token") as HTMLInputElement).value = initial;
  $("login-form").onsubmit = (event) => {
    event.preventDefault();
    const token = ($("token") as HTMLInputElement).value.trim();
    login(token).catch((e) => text("login-error", errorText(e)));
  };
  // A link with #token=… (what `tianmu serve` prints) logs in at once.
  if (hash.get("token")) {
    history.replaceState(null, "", location.pathname);
    login(initial).catch((e) => text("login-error", errorText(e)));
  }
}

main();
