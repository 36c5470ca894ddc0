// The 3D view: the robot and scene built from the geoms the daemon serves
// (/api/v1/model/geometry, MuJoCo conventions, z up), moved by the live body poses; orbit camera.
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";

export interface Geom {
  name: string;
  type: string;
  size: [number, number, number];
  body: number;
  pos: [number, number, number];
  quat: [number, number, number, number];
  rgba: [number, number, number, number];
  group: number;
}

export interface Geometry {
  bodies: { name: string; parent: number }[];
  geoms: Geom[];
}

function shapeOf(g: Geom): THREE.BufferGeometry | null {
  const [a, b, c] = g.size;
  switch (g.type) {
    case "box":
      return new THREE.BoxGeometry(2 * a, 2 * b, 2 * c);
    case "sphere":
    case "mesh":
      return new THREE.SphereGeometry(a, 16, 12);
    case "ellipsoid":
      return new THREE.SphereGeometry(1, 16, 12).scale(a, b, c);
    case "capsule":
      return new THREE.CapsuleGeometry(a, 2 * b, 6, 12).rotateX(Math.PI / 2);
    case "cylinder":
      return new THREE.CylinderGeometry(a, a, 2 * b, 16).rotateX(Math.PI / 2);
    case "plane":
      return new THREE.PlaneGeometry(a > 0 ? 2 * a : 40, b > 0 ? 2 * b : 40);
    default:
      return null;
  }
}

export class View3d {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera: THREE.PerspectiveCamera;
  private readonly controls: OrbitControls;
  private readonly bodies: THREE.Group[] = [];
  private readonly target = new THREE.Vector3();
  private pending = false;

  constructor(private readonly container: HTMLElement) {
    this.renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(window.devicePixelRatio);
    container.appendChild(this.renderer.domElement);
    this.camera = new THREE.PerspectiveCamera(45, 1, 0.05, 200);
    this.camera.up.set(0, 0, 1);
    this.camera.position.set(2.5, -3.0, 1.8);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.target.set(0, 0, 0.8);
    this.scene.background = new THREE.Color(0x20262e);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x404040, 1.2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.5);
    sun.position.set(3, -2, 6);
    this.scene.add(sun);
    const grid = new THREE.GridHelper(40, 40, 0x55606e, 0x39414c);
    grid.rotateX(Math.PI / 2);
    grid.position.z = 0.001;
    this.scene.add(grid);
    // Drawn on demand (new poses, camera moves), not every frame: software-rendered WebGL in
    // headless browsers would otherwise take a whole core.
    this.controls.addEventListener("change", () => this.requestRender());
    new ResizeObserver(() => this.resize()).observe(container);
    this.resize();
  }

  private requestRender(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  /** Number of bodies of the loaded geometry. */
  get bodyCount(): number {
    return this.bodies.length;
  }

  load(geometry: Geometry): void {
    for (const body of this.bodies) {
      this.scene.remove(body);
      body.traverse((o) => {
        if (o instanceof THREE.Mesh) {
          o.geometry.dispose();
          (o.material as THREE.Material).dispose();
        }
      });
    }
    this.bodies.length = 0;
    for (let i = 0; i < geometry.bodies.length; ++i) {
      const group = new THREE.Group();
      this.bodies.push(group);
      this.scene.add(group);
    }
    for (const g of geometry.geoms) {
      if (g.rgba[3] <= 0 || g.group >= 3) continue;
      const shape = shapeOf(g);
      const body = this.bodies[g.body];
      if (!shape || !body) continue;
      const material = new THREE.MeshStandardMaterial({
        color: new THREE.Color(g.rgba[0], g.rgba[1], g.rgba[2]),
        transparent: g.rgba[3] < 1,
        opacity: g.rgba[3],
        roughness: 0.7,
      });
      const mesh = new THREE.Mesh(shape, material);
      mesh.position.set(...g.pos);
      mesh.quaternion.set(g.quat[1], g.quat[2], g.quat[3], g.quat[0]);
      body.add(mesh);
    }
  }

  /** Body poses [x, y, z, qw, qx, qy, qz] in model order; the camera follows `follow`. */
  update(poses: number[][], follow: number): void {
    poses.forEach((p, i) => {
      const body = this.bodies[i];
      if (!body || p.length < 7) return;
      body.position.set(p[0]!, p[1]!, p[2]!);
      body.quaternion.set(p[4]!, p[5]!, p[6]!, p[3]!);
    });
    const base = poses[follow];
    if (base) {
      const next = new THREE.Vector3(base[0], base[1], 0.8);
      const shift = next.clone().sub(this.target);
      if (this.target.lengthSq() === 0) shift.set(next.x, next.y, 0);
      this.target.copy(next);
      this.camera.position.add(new THREE.Vector3(shift.x, shift.y, 0));
      this.controls.target.set(next.x, next.y, 0.8);
    }
    this.requestRender();
  }

  private resize(): void {
    const { clientWidth: w, clientHeight: h } = this.container;
    if (w === 0 || h === 0) return;
    this.renderer.setSize(w, h);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  private render(): void {
    this.renderer.render(this.scene, this.camera);
  }
}
