// Small scrolling line plots on a 2D canvas, one or more series with a shared y range.

export class StripChart {
  private readonly series: number[][];
  private readonly context: CanvasRenderingContext2D;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly title: string,
    private readonly labels: string[],
    private readonly colours: string[],
    private readonly length = 250,
  ) {
    this.series = labels.map(() => []);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2D canvas context");
    this.context = context;
  }

  push(values: number[]): void {
    values.forEach((v, i) => {
      const s = this.series[i];
      if (!s) return;
      s.push(v);
      if (s.length > this.length) s.shift();
    });
  }

  draw(): void {
    const { width, height } = this.canvas;
    const c = this.context;
    c.clearRect(0, 0, width, height);
    const all = this.series.flat();
    let lo = Math.min(0, ...all);
    let hi = Math.max(1e-3, ...all);
    if (hi - lo < 1e-6) hi = lo + 1;
    const y = (v: number) => height - 14 - ((v - lo) / (hi - lo)) * (height - 20);
    this.series.forEach((s, i) => {
      c.strokeStyle = this.colours[i] ?? "#fff";
      c.beginPath();
      s.forEach((v, k) => {
        const x = (k / (this.length - 1)) * width;
        if (k === 0) c.moveTo(x, y(v));
        else c.lineTo(x, y(v));
      });
      c.stroke();
    });
    c.fillStyle = "#9fb3c8";
    c.font = "10px sans-serif";
    const last = this.series.map((s, i) => `${this.labels[i]} ${(s.at(-1) ?? 0).toFixed(2)}`);
    c.fillText(`${this.title}: ${last.join("  ")}`, 4, height - 3);
    c.fillText(hi.toFixed(1), width - 34, 10);
  }
}
