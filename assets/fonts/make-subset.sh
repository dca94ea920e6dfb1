#!/usr/bin/env bash
# Regenerates NotoSansCJKsc-wagedesk-subset.otf: Noto Sans CJK SC Regular (Debian fonts-noto-cjk)
# cut down to GB 2312, ASCII, Latin-1, and every character of the repository's texts that the
# board and the digest chart may print. Run it after adding a message whose characters the font
# lacks (the test `the_bundled_font_covers_every_character_of_the_locales` names them).
#
#   apt-get install fonts-noto-cjk && pip install fonttools && assets/fonts/make-subset.sh
#
# SOURCE_FONT may point at another copy of NotoSansCJK-Regular.ttc (e.g. unpacked from the .deb).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source_font="${SOURCE_FONT:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"
out="$here/NotoSansCJKsc-wagedesk-subset.otf"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$repo" "$work/chars.txt" <<'PY'
import pathlib, sys, unicodedata
repo, out = pathlib.Path(sys.argv[1]), sys.argv[2]
chars = set(map(chr, range(0x20, 0x7F))) | set(map(chr, range(0xA0, 0x100)))
# GB 2312: rows 1-9 (symbols, full-width Latin, kana, Greek, Cyrillic, pinyin, box drawing),
# rows 16-55 (level 1 hanzi) and 56-87 (level 2 hanzi).
for row in range(0xA1, 0xF8):
    for cell in range(0xA1, 0xFF):
        try:
            chars |= set(bytes([row, cell]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
texts = [*repo.glob("locales/**/*.ftl"), *(p for p in repo.glob("deploy/**/*") if p.is_file()),
         *repo.glob("src/signboard/**/*.rs"), *repo.glob("src/ledger/digest/**/*.rs")]
for path in texts:
    chars |= set(path.read_text(encoding="utf-8"))
chars = sorted(c for c in chars if not unicodedata.category(c).startswith("C"))
pathlib.Path(out).write_text("".join(f"U+{ord(c):04X}\n" for c in chars))
PY

# Face 2 of the collection is Noto Sans CJK SC. Hinting is dropped (the board is printed large and
# the chart is antialiased); layout features stay, so shaping matches the full font.
pyftsubset "$source_font" --font-number=2 --unicodes-file="$work/chars.txt" \
    --no-hinting --name-IDs='*' --name-languages='*' \
    --output-file="$work/subset.otf"

# A modified font gets its own name (OFL), so it is never mistaken for the installed full font; the
# PostScript name is the family without spaces, as PDF readers (and tests/api/signboard.rs) expect.
python3 - "$work/subset.otf" "$out" <<'PY'
import sys
from fontTools.ttLib import TTFont
font = TTFont(sys.argv[1], recalcTimestamp=False)
# The same input gives the same bytes: no build date inside.
font["head"].modified = font["head"].created
family = "Noto Sans CJK SC wagedesk subset"
for record in font["name"].names:
    if record.nameID in (1, 4, 16):
        record.string = family
    elif record.nameID == 6:
        record.string = "NotoSansCJKSCwagedesksubset-Regular"
    elif record.nameID == 3:
        record.string = "2.004;wagedesk-subset;NotoSansCJKsc-Regular"
if "CFF " in font:
    cff = font["CFF "].cff
    cff.fontNames = ["NotoSansCJKSCwagedesksubset-Regular"]
    cff[cff.fontNames[0]].FullName = family
    cff[cff.fontNames[0]].FamilyName = family
font.save(sys.argv[2])
print(f"{sys.argv[2]}: {len(font.getBestCmap())} characters, ", end="")
PY
wc -c <"$out" | awk '{print $1 " bytes"}'
