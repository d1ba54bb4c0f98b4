#!/usr/bin/env bash
# Makes the voice server's prompts (called by make): for each language,
# creneau-voice --prompts LANG prints "name<TAB>text" lines; each text is
# spoken by espeak-ng and converted by sox to what Asterisk plays (WAV,
# 8 kHz, mono, 16 bits) in BUILD/voice/LANG/NAME.wav. A prompt whose text
# did not change (NAME.txt beside it) is not made again.
#   scripts/voice-prompts.sh BUILD
set -euo pipefail
BUILD=${1:?usage: $0 BUILD}
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "voice-prompts: $tool is missing (make deps)" >&2; exit 1; }
done
made=0
for lang in fr en; do
  out="$BUILD/voice/$lang"
  mkdir -p "$out" "$BUILD/voice/cache"
  while IFS=$'\t' read -r name text; do
    [[ -n "$name" ]] || continue
    if [[ -f "$out/$name.wav" && -f "$out/$name.txt" ]] && [[ "$(cat "$out/$name.txt")" == "$text" ]]; then
      continue
    fi
    espeak-ng -v "$lang" -s 150 -w "$out/$name.raw.wav" "$text"
    sox "$out/$name.raw.wav" -r 8000 -c 1 -b 16 "$out/$name.wav"
    rm -f "$out/$name.raw.wav"
    printf '%s' "$text" > "$out/$name.txt"
    made=$((made + 1))
  done < <("$BUILD/bin/creneau-voice" --prompts "$lang" --locale "$BUILD/locale")
done
echo "voice-prompts: $made prompt(s) made in $BUILD/voice"
