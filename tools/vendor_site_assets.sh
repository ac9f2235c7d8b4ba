#!/usr/bin/env bash
# Vendor the JavaScript the offline course site needs into site_assets/.
#
# Usage:  bash tools/vendor_site_assets.sh
#
# Needs npm (only here: building the site with tools/build_site.py needs no
# node, it copies the committed site_assets/).  Each package is fetched with
# `npm pack` into a temporary folder, then only what the pages load is
# copied, with the package's licence in site_assets/LICENSES/:
#
#   mathjax 2.7.7      MathJax.js + config TeX-AMS_CHTML(-full), Safe; TeX input,
#                      CommonHTML and PreviewHTML output, element/, extensions/
#                      (without the a11y speech maps), woff fonts only.
#                      MathJax 3 would break the widget manager.
#   requirejs 2.3.8    require.js (the AMD loader the widget manager and reveal need)
#   @jupyter-widgets/html-manager 1.0.15   dist/embed-amd.js (ipywidgets 8 state,
#                      controls 2.0.0) and its Font Awesome webfonts
#   reveal.js 4.0.2    the version nbconvert's reveal template asks for: dist/
#                      reveal.js, reveal.css, theme white (+ its woff fonts),
#                      plugin/notes
#
# To update: change a version below, run the script, rebuild the site and
# run tests/test_site.py and tests/test_browser.py.
set -euo pipefail
cd "$(dirname "$0")/.."

MATHJAX=2.7.7
REQUIREJS=2.3.8
HTML_MANAGER=1.0.15
WIDGETS_BASE=6.0.11          # same repository and licence as html-manager, which ships none
FONTAWESOME=5.15.4           # the version bundled in embed-amd.js
REVEAL=4.0.2

OUT=site_assets
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

unpack() {  # unpack NAME@VERSION into $TMP/DIR
  local spec=$1 dir=$2 tgz
  tgz=$(cd "$TMP" && npm pack --silent "$spec" | tail -n 1)
  mkdir -p "$TMP/$dir"
  tar xzf "$TMP/$tgz" -C "$TMP/$dir" --strip-components=1
}

unpack "mathjax@$MATHJAX" mathjax
unpack "requirejs@$REQUIREJS" requirejs
unpack "@jupyter-widgets/html-manager@$HTML_MANAGER" html-manager
unpack "@jupyter-widgets/base@$WIDGETS_BASE" widgets-base
unpack "@fortawesome/fontawesome-free@$FONTAWESOME" fontawesome
unpack "reveal.js@$REVEAL" reveal

rm -rf "$OUT/mathjax" "$OUT/requirejs" "$OUT/html-manager" "$OUT/reveal.js" "$OUT/LICENSES"
mkdir -p "$OUT/LICENSES"

# MathJax 2: what config=TeX-AMS_CHTML-full,Safe loads, plus what it loads on demand
M=$TMP/mathjax
D=$OUT/mathjax
mkdir -p "$D/config" "$D/jax/input" "$D/jax/output" "$D/fonts/HTML-CSS/TeX" "$D/localization"
cp "$M/MathJax.js" "$D/"
cp "$M"/config/{TeX-AMS_CHTML.js,TeX-AMS_CHTML-full.js,Safe.js} "$D/config/"
cp -r "$M/config/local" "$D/config/"
cp -r "$M/jax/element" "$D/jax/"
cp -r "$M/jax/input/TeX" "$D/jax/input/"
cp -r "$M/jax/output/CommonHTML" "$M/jax/output/PreviewHTML" "$D/jax/output/"
cp -r "$M/extensions" "$D/"
rm -rf "$D/extensions/a11y/mathmaps" "$D/extensions/a11y/mathjax-sre.js" "$D/extensions/HTML-CSS"
cp -r "$M/fonts/HTML-CSS/TeX/woff" "$D/fonts/HTML-CSS/TeX/"
cp -r "$M/localization/en" "$D/localization/"
cp "$M/LICENSE" "$OUT/LICENSES/mathjax-LICENSE.txt"

# require.js (the npm package has no licence file; its header says MIT)
mkdir -p "$OUT/requirejs"
cp "$TMP/requirejs/require.js" "$OUT/requirejs/"
cat > "$OUT/LICENSES/requirejs-LICENSE.txt" <<'EOF'
RequireJS 2.3.8 (requirejs/require.js header: "Released under MIT license")

Copyright jQuery Foundation and other contributors, https://jquery.org/

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
EOF

# the widget manager: one AMD bundle; webpack resolves its fonts next to it
mkdir -p "$OUT/html-manager"
cp "$TMP/html-manager/dist/embed-amd.js" "$OUT/html-manager/"
cp "$TMP"/html-manager/dist/*.{woff2,woff} "$OUT/html-manager/"
cp "$TMP/widgets-base/LICENSE" "$OUT/LICENSES/jupyter-widgets-LICENSE.txt"
cp "$TMP/html-manager/dist/embed.js.LICENSE.txt" "$OUT/LICENSES/jupyter-widgets-bundled-THIRD-PARTY.txt"
cp "$TMP/fontawesome/LICENSE.txt" "$OUT/LICENSES/fontawesome-free-LICENSE.txt"

# reveal.js 4 as nbconvert's slides template loads it (dist/ and plugin/notes)
R=$TMP/reveal
mkdir -p "$OUT/reveal.js/dist/theme/fonts/source-sans-pro" "$OUT/reveal.js/plugin/notes"
cp "$R"/dist/{reveal.js,reveal.css,reset.css} "$OUT/reveal.js/dist/"
cp "$R/dist/theme/white.css" "$OUT/reveal.js/dist/theme/"
cp "$R"/dist/theme/fonts/source-sans-pro/{*.woff,*.css,LICENSE} "$OUT/reveal.js/dist/theme/fonts/source-sans-pro/"
cp "$R/plugin/notes/notes.js" "$OUT/reveal.js/plugin/notes/"
cp "$R/LICENSE" "$OUT/LICENSES/reveal.js-LICENSE.txt"
cp "$R/dist/theme/fonts/source-sans-pro/LICENSE" "$OUT/LICENSES/source-sans-pro-LICENSE.txt"

cat > "$OUT/VERSIONS.txt" <<EOF
mathjax $MATHJAX
requirejs $REQUIREJS
@jupyter-widgets/html-manager $HTML_MANAGER (licence from @jupyter-widgets/base $WIDGETS_BASE)
@fortawesome/fontawesome-free $FONTAWESOME (bundled in embed-amd.js; licence only)
reveal.js $REVEAL
EOF
du -sh "$OUT"/*
