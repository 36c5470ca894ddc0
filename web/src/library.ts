// The library panels: motion clips with play buttons, object spawning, the recording toggle and
// certification runs with their reports, each wired to its /api/v1 endpoint.
import { Api, errorText } from "./api";

interface Motion {
  name: string;
  kind: string;
  duration_s: number;
  description: string;
}
interface ObjectRecord {
  id: string;
  name_en?: string;
}
interface Spawned {
  id: string;
  body: string;
  position_m: [number, number, number];
}
interface Recording {
  recording: boolean;
  episode?: string;
  frames?: number;
  last?: { episode: string; frames: number; duration_s: number } | null;
}
interface Run {
  id: string;
  suite: string;
  items: string[];
  state: "running" | "done" | "failed";
  started_utc: string;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element as T;
};

function item(label: string, button?: { text: string; onclick: () => void; id?: string }): HTMLLIElement {
  const li = document.createElement("li");
  const span = document.createElement("span");
  span.textContent = label;
  li.append(span);
  if (button) {
    const b = document.createElement("button");
    b.textContent = button.text;
    if (button.id) b.id = button.id;
    b.onclick = button.onclick;
    li.append(b);
  }
  return li;
}

export class LibraryPanels {
  private recording = false;
  private runTimer: number | undefined;

  /** `report` shows an endpoint's answer (or error) in the "Last answer" panel. */
  constructor(
    private readonly api: Api,
    private readonly report: (result: unknown) => void,
  ) {
    $("motions").onclick = () => void this.loadMotions();
    $("spawn").onclick = () => void this.spawn();
    $("record").onclick = () => void this.toggleRecording();
    $("certify").onclick = () => void this.startRun();
    $("reports").onclick = () => void this.loadRuns();
    void this.loadMotions();
    void this.loadObjects();
    void this.loadRecording();
    void this.loadRuns();
  }

  private async attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await action();
      this.report(result);
      return result;
    } catch (e) {
      this.report(errorText(e));
      return undefined;
    }
  }

  private async loadMotions(): Promise<void> {
    try {
      const { motions } = await this.api.get<{ motions: Motion[] }>("/motions");
      $("motion-list").replaceChildren(
        ...motions.map((m) =>
          item(`${m.name} (${m.duration_s.toFixed(1)} s)`, {
            text: "Play",
            id: `play-${m.name}`,
            onclick: () => void this.attempt(() => this.api.post("/motions/play", { name: m.name })),
          }),
        ),
      );
    } catch (e) {
      $("motion-list").replaceChildren(item(errorText(e)));
    }
  }

  /** Refreshes the object list; returns how many objects are in the world (-1 on error). */
  private async loadObjects(): Promise<number> {
    try {
      const { objects, spawned } = await this.api.get<{ objects: ObjectRecord[]; spawned: Spawned[] }>(
        "/objects",
      );
      const select = $<HTMLSelectElement>("spawn-name");
      if (select.options.length === 0) {
        select.replaceChildren(
          ...objects.map((o) => {
            const option = document.createElement("option");
            option.value = o.id;
            option.textContent = o.name_en ?? o.id;
            return option;
          }),
        );
      }
      $("spawned-list").replaceChildren(
        ...spawned.map((s) => item(`${s.body} at ${s.position_m.map((v) => v.toFixed(2)).join(", ")} m`)),
      );
      return spawned.length;
    } catch (e) {
      $("spawned-list").replaceChildren(item(errorText(e)));
      return -1;
    }
  }

  private async spawn(): Promise<void> {
    const position_m = ["spawn-x", "spawn-y", "spawn-z"].map((id) => Number($<HTMLInputElement>(id).value));
    const name = $<HTMLSelectElement>("spawn-name").value;
    const before = await this.loadObjects();
    if ((await this.attempt(() => this.api.post("/objects/spawn", { name, position_m }))) === undefined) return;
    // The world is compiled in the background: poll until the object is in (or 30 s pass).
    for (let k = 0; k < 30; ++k) {
      await new Promise((resolve) => window.setTimeout(resolve, 1000));
      if ((await this.loadObjects()) !== before) return;
    }
  }

  private showRecording(r: Recording): void {
    this.recording = r.recording;
    $("record").classList.toggle("active", r.recording);
    $("record").textContent = r.recording ? "Stop recording" : "Record";
    const last = r.last ? `; last: ${r.last.episode} (${r.last.frames} frames)` : "";
    text("record-status", r.recording ? `recording ${r.episode ?? ""}` : `not recording${last}`);
  }

  private async loadRecording(): Promise<void> {
    try {
      this.showRecording(await this.api.get<Recording>("/recording"));
    } catch (e) {
      text("record-status", errorText(e));
    }
  }

  private async toggleRecording(): Promise<void> {
    const name = $<HTMLInputElement>("record-name").value.trim();
    const result = await this.attempt(() =>
      this.recording
        ? this.api.post<Recording>("/recording/stop")
        : this.api.post<Recording>("/recording/start", name ? { name } : {}),
    );
    if (result) this.showRecording(result);
  }

  private async startRun(): Promise<void> {
    const suite = $<HTMLSelectElement>("certify-suite").value;
    const items = $<HTMLInputElement>("certify-items")
      .value.split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    await this.attempt(() =>
      this.api.post("/certification/runs", items.length > 0 ? { suite, items } : { suite }),
    );
    await this.loadRuns();
  }

  private async openReport(id: string): Promise<void> {
    try {
      // The report needs the bearer token, so it is fetched and opened as a blob.
      const html = await this.api.text(`/certification/reports/${id}/report.html`);
      window.open(URL.createObjectURL(new Blob([html], { type: "text/html" })), "_blank");
    } catch (e) {
      this.report(errorText(e));
    }
  }

  private async loadRuns(): Promise<void> {
    try {
      const { runs } = await this.api.get<{ runs: Run[] }>("/certification/reports");
      $("report-list").replaceChildren(
        ...runs.slice(0, 8).map((run) => {
          const li = item(
            `${run.id} ${run.suite}${run.items.length ? ` (${run.items.join(", ")})` : ""}: ${run.state}`,
            run.state === "done" ? { text: "Report", onclick: () => void this.openReport(run.id) } : undefined,
          );
          li.classList.add(`state-${run.state}`);
          return li;
        }),
      );
      // Follow a running run until it ends.
      window.clearTimeout(this.runTimer);
      if (runs.some((r) => r.state === "running")) {
        this.runTimer = window.setTimeout(() => void this.loadRuns(), 2000);
      }
    } catch (e) {
      $("report-list").replaceChildren(item(errorText(e)));
    }
  }
}

function text(id: string, value: string): void {
  $(id).textContent = value;
}
