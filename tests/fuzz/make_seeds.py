#!/usr/bin/env python3
"""Writes the small seed corpora under corpus/ (committed; rerun only to change them).

preset: every built-in preset compacted, a few with `--set PATH=VALUE` lines after a NUL byte,
and the region kinds the built-ins do not use (polygon, mask). photo: 8×8 to 16×16 images in every
format and pixel layout decode_photo accepts, plus EXIF orientation. Needs Pillow.
"""
import io
import json
import pathlib

from PIL import Image

here = pathlib.Path(__file__).parent
presets = sorted(p for p in (here / "../../presets").glob("*.json") if p.name != "preset.schema.json")

out = here / "corpus/preset"
out.mkdir(parents=True, exist_ok=True)
for p in presets:
    spec = json.loads(p.read_text())
    (out / p.stem).write_text(json.dumps(spec, separators=(",", ":")))

crown = json.loads((here / "../../presets/crown-only.json").read_text())
def write(name, spec, overrides=()):
    data = json.dumps(spec, separators=(",", ":")).encode()
    if overrides:
        data += b"\0" + "\n".join(overrides).encode()
    (out / name).write_bytes(data)

write("set-crown", crown, ["zones[0].crown.feather_mm=30", "hairline.height_mm = 75",
                            "sessions[1].dilution=14", "zones[0].crown.second_whorl_mm=[10,215]"])
write("set-name", crown, ["name=renamed", "description=\"a quoted one\"", "pattern_seed=7"])
write("set-bad", crown, ["zones[9].crown.feather_mm=1", "zones[0]..x=1", "nokey", "hairline=[]"])
polygon = dict(crown, zones=[{"total": {"name": "top", "density_per_cm2": 40, "region": {
    "polygon": {"points_mm": [[-40, 120], [40, 120], [50, 200], [0, 230], [-50, 200]]}}}}])
write("polygon", polygon, ["zones[0].total.region.polygon.points_mm[1]=[-40,200]"])
mask = dict(crown, zones=[{"diffuse": {"name": "top", "density_per_cm2": 20, "region": {
    "mask": {"path": "mask.png", "origin_mm": [-50, 100], "mm_per_px": 1}}}}])
write("mask", mask)
ellipse = dict(crown, zones=[{"total": {"name": "top", "density_per_cm2": 40, "feather_mm": 10,
    "behind_hairline": False, "region": {"ellipse": {"center_mm": [0, 170],
    "semi_axes_mm": [60, 80], "rotation_deg": 15}}}}])
write("ellipse", ellipse, ["zones[0].total.behind_hairline=true"])

out = here / "corpus/photo"
out.mkdir(parents=True, exist_ok=True)
rgb = Image.new("RGB", (8, 8))
rgb.putdata([(x * 32, y * 32, (x ^ y) * 32) for y in range(8) for x in range(8)])
def save(name, image, fmt, **kw):
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    (out / name).write_bytes(buf.getvalue())

save("rgb.png", rgb, "PNG")
save("grey.png", rgb.convert("L"), "PNG")
save("grey-alpha.png", rgb.convert("LA"), "PNG")
save("rgba.png", rgb.convert("RGBA"), "PNG")
save("palette.png", rgb.convert("P"), "PNG")
save("bilevel.png", rgb.convert("1"), "PNG")
save("grey16.png", rgb.convert("I;16"), "PNG")
save("rgb.jpg", rgb, "JPEG", quality=90)
save("progressive.jpg", rgb.resize((16, 16)), "JPEG", progressive=True, quality=80)
save("grey.jpg", rgb.convert("L"), "JPEG")
save("cmyk.jpg", rgb.convert("CMYK"), "JPEG")
exif = Image.Exif()
exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
save("rotated.jpg", rgb.resize((16, 8)), "JPEG", exif=exif.tobytes())
save("rotated.png", rgb.resize((16, 8)), "PNG", exif=exif.tobytes())
save("lossless.webp", rgb, "WEBP", lossless=True)
save("lossy.webp", rgb, "WEBP", quality=50)
save("alpha.webp", rgb.convert("RGBA"), "WEBP", lossless=True)
