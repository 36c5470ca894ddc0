# Writes assets/robots/{tm1,tm1s}/motion_map.yaml from one description (names differ per robot):
# the key poses share angles, the MJCF names differ. Usage: make_motion_maps.py
import os
import sys

# assets/ of the source tree this script lives in (tests/motion/data/).
ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'assets')
robots = {
 'tm1': dict(
   header="TM-1", pelvis='pelvis', torso='torso', head='head',
   lhip='left_hip_pitch_link', lknee='left_knee_link', lankle='left_ankle_pitch_link', lfoot='left_foot',
   rhip='right_hip_pitch_link', rknee='right_knee_link', rankle='right_ankle_pitch_link', rfoot='right_foot',
   lsh='left_shoulder_roll_link', lel='left_elbow_link', lhand='left_hand', lhand_off=None,
   rsh='right_shoulder_roll_link', rel='right_elbow_link', rhand='right_hand', rhand_off=None,
   j=lambda n: n, look=dict(head_yaw=0.9, head_pitch=0.3, waist_yaw=0.4)),
 'tm1s': dict(
   header="TM-1S", pelvis='base_link', torso='torso_link', head=None,
   lhip='l_thigh_link', lknee='l_shank_link', lankle='l_ankle_pitch_link', lfoot='l_foot_link',
   rhip='r_thigh_link', rknee='r_shank_link', rankle='r_ankle_pitch_link', rfoot='r_foot_link',
   lsh='l_shoulder_roll_link', lel='l_forearm_link', lhand='l_forearm_link', lhand_off=[0, 0, -0.14],
   rsh='r_shoulder_roll_link', rel='r_forearm_link', rhand='r_forearm_link', rhand_off=[0, 0, -0.14],
   j=None, look=dict(waist_yaw=0.5)),
}
def tm1s_name(n):
    n = n.replace('left_', 'l_').replace('right_', 'r_')
    return n + '_joint'
robots['tm1s']['j'] = tm1s_name

def starter(r):
    J = r['j']
    def pose(**kw):
        items = ', '.join(f"{J(k)}: {v}" for k, v in kw.items())
        return '{' + items + '}'
    nominal_arms = dict(left_shoulder_roll=0.1, right_shoulder_roll=-0.1, left_elbow=-0.3, right_elbow=-0.3)
    m = {}
    up = dict(right_shoulder_roll=-1.4, right_shoulder_yaw=-1.5, right_elbow=-1.5)
    def wv(e): d = dict(up); d['right_elbow'] = e; return d
    m['wave'] = ('upper_body', 'right hand raised beside the head, forearm waving twice',
                 [(0, {}), (1.0, up), (1.4, wv(-1.05)), (1.8, wv(-1.9)), (2.2, wv(-1.05)),
                  (2.6, wv(-1.9)), (3.0, up), (4.0, {})])
    lean = dict(left_hip_pitch=-0.6, right_hip_pitch=-0.6, left_shoulder_pitch=0.1, right_shoulder_pitch=0.1)
    m['bow'] = ('whole_body', 'bow from the hips (about 20 degrees), hold, rise',
                [(0, {}), (1.2, lean), (2.2, lean), (3.5, {})])
    pl = dict(left_shoulder_pitch=-1.4, left_shoulder_roll=0.5, left_elbow=0.0)
    pr = dict(right_shoulder_pitch=-1.4, right_shoulder_roll=-0.5, right_elbow=0.0)
    if r['head']:
        pl['head_yaw'] = 0.5; pr['head_yaw'] = -0.5
    m['point_left'] = ('upper_body', 'left arm points forward-left', [(0, {}), (1.0, pl), (2.0, pl), (3.0, {})])
    m['point_right'] = ('upper_body', 'right arm points forward-right', [(0, {}), (1.0, pr), (2.0, pr), (3.0, {})])
    reach = dict(left_shoulder_pitch=-1.5, right_shoulder_pitch=-1.5, left_elbow=-0.15, right_elbow=-0.15,
                 left_shoulder_roll=0.0, right_shoulder_roll=0.0)
    m['reach_forward'] = ('upper_body', 'both arms reach forward at shoulder height',
                          [(0, {}), (1.2, reach), (2.0, reach), (3.2, {})])
    sq = dict(left_hip_pitch=-0.65, right_hip_pitch=-0.65, left_knee=1.4, right_knee=1.4,
              left_ankle_pitch=-0.75, right_ankle_pitch=-0.75, left_shoulder_pitch=-1.0, right_shoulder_pitch=-1.0)
    m['squat'] = ('whole_body', 'half squat (knees 1.4 rad), arms forward, hold, stand up',
                  [(0, {}), (1.5, sq), (2.5, sq), (4.0, {})])
    lk = r['look']
    def neg(d, s): return {k: round(v * s, 3) for k, v in d.items()}
    left = {k: v for k, v in lk.items() if k != 'head_pitch'}
    if 'head_pitch' in lk: left['head_pitch'] = 0.0
    m['look_around'] = ('upper_body', 'look left, right, up and down' if r['head'] else 'turn the torso left and right',
                        [(0, {}), (1.0, neg(left, 1)), (2.2, neg(left, -1)), (3.2, {})] +
                        ([(3.8, {'head_pitch': 0.3}), (4.4, {'head_pitch': -0.3}), (5.0, {})] if r['head'] else []))
    out = []
    for name, (kind, desc, keys) in m.items():
        out.append(f"  {name}:")
        out.append(f"    kind: {kind}")
        out.append(f"    description: \"{desc}\"")
        out.append("    keyframes:")
        for t, p in keys:
            out.append(f"      - {{t_s: {t}, pose: {pose(**p)}}}" if p else f"      - {{t_s: {t}}}")
    return '\n'.join(out)

for name, r in robots.items():
    def kp(human, robot, pw, ow=0, foot=None, off=None, rel=None):
        s = f"  - {{human: {human}, robot: {robot}, position_weight: {pw}"
        if rel: s += f", relative_to: {rel}"
        if ow: s += f", orientation_weight: {ow}"
        if foot: s += f", foot: {foot}"
        if off: s += f", robot_offset_m: {off}"
        return s + "}"
    lines = [f"# {r['header']} retargeting map and starter motions (docs/motion.md). Human names follow the",
             "# common BVH convention (Hips, Spine, LeftUpLeg, ...); key poses are joint angles in rad, unlisted",
             "# joints keep the nominal posture. TM-1 and TM-1S share the angles (same joint axes and ranges).",
             "# Arms are tracked relative to the shoulder (relative_to), so the robot keeps its own shoulder width.",
             f"robot: {name}",
             "human_axes: {up: y, forward: z}",
             "human_leg: [LeftUpLeg, LeftLeg, LeftFoot]",
             f"robot_leg: [{r['lhip']}, {r['lknee']}, {r['lankle']}]",
             "keypoints:",
             kp('Hips', r['pelvis'], 2, 1),
             kp('Chest', r['torso'], 0, 0.5)]
    if r['head']: lines.append(kp('Head', r['head'], 0, 0.3))
    lines += [kp('LeftUpLeg', r['lhip'], 0.5), kp('LeftLeg', r['lknee'], 1), kp('LeftFoot', r['lfoot'], 3, 1, 'left'),
              kp('RightUpLeg', r['rhip'], 0.5), kp('RightLeg', r['rknee'], 1), kp('RightFoot', r['rfoot'], 3, 1, 'right'),
              kp('LeftArm', r['lsh'], 0), kp('LeftForeArm', r['lel'], 1, rel='LeftArm'),
              kp('LeftHand', r['lhand'], 2, 0, None, r['lhand_off'], 'LeftArm'),
              kp('RightArm', r['rsh'], 0), kp('RightForeArm', r['rel'], 1, rel='RightArm'),
              kp('RightHand', r['rhand'], 2, 0, None, r['rhand_off'], 'RightArm'),
              "starter_motions:", starter(r)]
    open(os.path.join(ASSETS, "robots", name, "motion_map.yaml"), 'w').write('\n'.join(lines) + '\n')
