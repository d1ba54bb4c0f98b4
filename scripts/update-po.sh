#!/usr/bin/env bash
# Refresh the message catalogue (called by `make pot`):
#   po/creneau.pot  <- _("...") and N_("...") in cgi-bin/*.c, cgi-bin/core/*.c
#                      (and *.cc), plus every [[Texte]] of templates/
#   po/*.po         <- msgmerge --update against the new template
#                      (po/en.po, nl.po, de.po created with msginit when missing)
# A template msgid is the text between [[ and ]] on one line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export LC_ALL=C.UTF-8
shopt -s nullglob

mkdir -p po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Templates -> a C file of _("...") calls whose #line directives make the
# references of the .pot point at the templates themselves.
tplc="$tmp/templates.c"
: > "$tplc"
if [[ -d templates ]]; then
  find templates -type f ! -name '.*' ! -name '*~' -print0 | sort -z |
  while IFS= read -r -d '' f; do
    perl -CSD -ne '
      my $file = $ARGV;
      while (/\[\[(.+?)\]\]/g) {
        my $s = $1;
        $s =~ s/\\/\\\\/g;
        $s =~ s/"/\\"/g;
        print "#line $. \"$file\"\n/* xgettext:no-c-format */ _(\"$s\");\n";
      }
      close ARGV if eof;' "$f" >> "$tplc"
  done
fi

sources=(cgi-bin/*.c cgi-bin/*.cc cgi-bin/core/*.c cgi-bin/core/*.cc)
inputs=("${sources[@]}")
[[ -s "$tplc" ]] && inputs+=("$tplc")
if (( ${#inputs[@]} == 0 )); then
  echo "update-po: no sources and no template strings: nothing to extract"
  exit 0
fi

if ! xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 --add-comments=TRANSLATORS: \
    --package-name=creneau --sort-by-file \
    -o "$tmp/creneau.pot" "${inputs[@]}" 2> "$tmp/xgettext.err"; then
  cat "$tmp/xgettext.err" >&2
  exit 1
fi
# Everything but the "--msgid-bugs-address was not specified" notice.
grep -v -e 'msgid-bugs-address' -e "^ *If you are using a 'Makevars'" \
  -e '^ *the MSGID_BUGS_ADDRESS' -e '^ *specify an --msgid-bugs-address' \
  "$tmp/xgettext.err" >&2 || true
if [[ ! -f "$tmp/creneau.pot" ]]; then
  # xgettext writes nothing when no string is found.
  echo "update-po: no translatable string found"
  exit 0
fi
# Charset must be declared for msgmerge/msginit (xgettext leaves CHARSET
# in the header only when every string is ASCII).
sed -i 's/charset=CHARSET/charset=UTF-8/' "$tmp/creneau.pot"
mv "$tmp/creneau.pot" po/creneau.pot
echo "update-po: po/creneau.pot: $(grep -c '^msgid ' po/creneau.pot) entries (header included)"

# The catalogues: English (complete), Dutch and German (the service status
# pages and the frame of every page; what they leave empty shows in French).
for l in en_US:en nl_BE:nl de_DE:de; do
  po="po/${l#*:}.po"
  [[ -f "$po" ]] && continue
  msginit --no-translator -l "${l%%:*}.UTF-8" -i po/creneau.pot -o "$po" >/dev/null 2>&1 \
    || { echo "update-po: msginit failed for $po" >&2; exit 1; }
  # msginit fills an English catalogue with msgstr = msgid (French here):
  # empty them, so untranslated strings show as such.
  msgfilter --keep-header -i "$po" -o "$po" sed -e d
  echo "update-po: created $po ($(grep -c '^msgid ' "$po") entries, untranslated)"
done
for po in po/*.po; do
  # No guesses: a near-miss translation shown for a new text would be wrong.
  msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" po/creneau.pot
  echo "update-po: merged $po ($(msgfmt --statistics -o /dev/null "$po" 2>&1))"
done
