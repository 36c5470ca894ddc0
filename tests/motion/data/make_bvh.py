#!/usr/bin/env python3
# Authors the humanoid test BVH clips (Y up, facing +Z, centimetres): a wave and a walk in place.
# Usage: make_bvh.py OUT_DIR. Deterministic; no dependencies beyond the standard library.
import math
import sys

# (name, parent, offset, channels) in hierarchy order; arms use ZXY, legs XYZ rotation orders.
ROT_ZXY = ["Zrotation", "Xrotation", "Yrotation"]
ROT_XYZ = ["Xrotation", "Yrotation", "Zrotation"]
SKELETON = [
    ("Hips", None, (0, 0, 0), ["Xposition", "Yposition", "Zposition"] + ROT_ZXY),
    ("Spine", "Hips", (0, 10, 0), ROT_ZXY),
    ("Chest", "Spine", (0, 20, 0), ROT_ZXY),
    ("Neck", "Chest", (0, 20, 0), ROT_ZXY),
    ("Head", "Neck", (0, 10, 0), ROT_ZXY),
    ("LeftShoulder", "Chest", (5, 15, 0), ROT_ZXY),
    ("LeftArm", "LeftShoulder", (13, 0, 0), ROT_ZXY),
    ("LeftForeArm", "LeftArm", (0, -28, 0), ROT_ZXY),
    ("LeftHand", "LeftForeArm", (0, -25, 0), ROT_ZXY),
    ("RightShoulder", "Chest", (-5, 15, 0), ROT_ZXY),
    ("RightArm", "RightShoulder", (-13, 0, 0), ROT_ZXY),
    ("RightForeArm", "RightArm", (0, -28, 0), ROT_ZXY),
    ("RightHand", "RightForeArm", (0, -25, 0), ROT_ZXY),
    ("LeftUpLeg", "Hips", (9, -5, 0), ROT_XYZ),
    ("LeftLeg", "LeftUpLeg", (0, -42, 0), ROT_XYZ),
    ("LeftFoot", "LeftLeg", (0, -42, 0), ROT_XYZ),
    ("LeftToeBase", "LeftFoot", (0, -7, 12), ROT_XYZ),
    ("RightUpLeg", "Hips", (-9, -5, 0), ROT_XYZ),
    ("RightLeg", "RightUpLeg", (0, -42, 0), ROT_XYZ),
    ("RightFoot", "RightLeg", (0, -42, 0), ROT_XYZ),
    ("RightToeBase", "RightFoot", (0, -7, 12), ROT_XYZ),
]
END_SITES = {"Head": (0, 15, 0), "LeftHand": (0, -8, 0), "RightHand": (0, -8, 0),
             "LeftToeBase": (0, 0, 5), "RightToeBase": (0, 0, 5)}
HIP_HEIGHT = 96.0  # ankle 7 cm above the ground at rest


def hierarchy():
    lines = ["HIERARCHY"]

    def emit(name, depth):
        ind = "  " * depth
        joint = next(j for j in SKELETON if j[0] == name)
        lines.append(ind + ("ROOT " if joint[1] is None else "JOINT ") + name)
        lines.append(ind + "{")
        lines.append(ind + "  OFFSET %g %g %g" % joint[2])
        lines.append(ind + "  CHANNELS %d %s" % (len(joint[3]), " ".join(joint[3])))
        for child in SKELETON:
            if child[1] == name:
                emit(child[0], depth + 1)
        if name in END_SITES:
            lines.append(ind + "  End Site")
            lines.append(ind + "  {")
            lines.append(ind + "    OFFSET %g %g %g" % END_SITES[name])
            lines.append(ind + "  }")
        lines.append(ind + "}")

    emit("Hips", 0)
    return lines


def write(path, fps, frames):
    """frames: list of dicts joint -> {channel: value}; missing channels are 0."""
    out = hierarchy()
    out += ["MOTION", "Frames: %d" % len(frames), "Frame Time: %.6f" % (1.0 / fps)]
    for f in frames:
        values = []
        for name, _, _, channels in SKELETON:
            for c in channels:
                values.append(f.get(name, {}).get(c, 0.0))
        out.append(" ".join("%.4f" % v for v in values))
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")


def smooth(x):
    x = min(max(x, 0.0), 1.0)
    return x * x * (3 - 2 * x)


def wave(fps=30, duration=4.0):
    frames = []
    for i in range(int(duration * fps) + 1):
        t = i / fps
        up = smooth(t / 1.0) * (1 - smooth((t - 3.0) / 1.0))
        swing = math.sin(2 * math.pi * (t - 1.0) / 0.8) if 1.0 <= t <= 3.0 else 0.0
        frames.append({
            "Hips": {"Yposition": HIP_HEIGHT},
            # Right arm out to the side (about the forward axis) and turned about its long axis
            # so the elbow, a hinge, flexes upwards; the forearm waves about the elbow.
            "RightArm": {"Zrotation": -95 * up, "Yrotation": -90 * up},
            "RightForeArm": {"Xrotation": (-75 + 25 * swing) * up},
            "Head": {"Yrotation": -10 * up},
        })
    return frames


def walk_in_place(fps=60, duration=4.0, sway_cm=3.0):
    frames = []
    period = 1.2
    for i in range(int(duration * fps) + 1):
        t = i / fps
        phase = 2 * math.pi * t / period
        left_lift = max(0.0, math.sin(phase)) ** 2
        right_lift = max(0.0, -math.sin(phase)) ** 2
        f = {"Hips": {"Xposition": sway_cm * math.sin(phase), "Yposition": HIP_HEIGHT - 1.5,
                      "Zposition": 1.0 * math.sin(2 * phase)}}
        for side, lift in (("Left", left_lift), ("Right", right_lift)):
            f[side + "UpLeg"] = {"Xrotation": -10 - 35 * lift}
            f[side + "Leg"] = {"Xrotation": 20 + 60 * lift}
            f[side + "Foot"] = {"Xrotation": -10 - 25 * lift}
        # Arms swing opposite to the legs.
        f["LeftArm"] = {"Xrotation": 15 * math.sin(phase)}
        f["RightArm"] = {"Xrotation": -15 * math.sin(phase)}
        frames.append(f)
    return frames


if __name__ == "__main__":
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "."
    write(out_dir + "/human_wave.bvh", 30, wave())
    write(out_dir + "/walk_in_place.bvh", 60, walk_in_place())
