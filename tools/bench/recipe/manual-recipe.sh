#!/usr/bin/env bash
# The manual handoff recipe (shared/seeds "agency-client-handoff"), as an agency runs it by hand:
# copy, jq prompt library and tag strip, `zip -r`, unzip into a temp dir, gen-ai dry run.
# Usage: manual-recipe.sh <client-root> <work-dir> <slug> <date>
# Deviations from the seed, none of which change the bytes moved:
# - results.json files are copied as source/<campaign>.json (the seed's flat `cp` keeps only the last);
# - extract-prompts.js (not in the seed) is a jq merge of every job;
# - README/RIGHTS/CHANGELOG are a short heredoc (written by hand in the seed: hours, not seconds).
set -uo pipefail
CLIENT_ROOT=$1 WORK=$2 CLIENT=$3 DAY=$4
HANDOFF="$WORK/handoff/$CLIENT-$DAY"
mkdir -p "$HANDOFF"/{assets,prompts,source,docs}
find "$CLIENT_ROOT" -name "results.json" | while read -r f; do
  cp "$f" "$HANDOFF/source/$(basename "$(dirname "$f")").json"
done
cp -r "$CLIENT_ROOT/deliverables/"* "$HANDOFF/assets/"
jq -s '{jobs: [.[].jobs[]]}' "$HANDOFF/source/"*.json > "$HANDOFF/prompts/prompt-library.json"
for model in $(jq -r '.jobs[].model' "$HANDOFF/source/"*.json | sort -u); do
  gen-ai models info "$model" --json >> "$HANDOFF/docs/model-pins.json" || echo "recipe: no models info for $model" >&2
done
jq 'del(.jobs[].tags[] | select(startswith("internal-") or startswith("retainer-")))' \
  "$HANDOFF/prompts/prompt-library.json" > "$HANDOFF/prompts/prompt-library.clean.json"
mv "$HANDOFF/prompts/prompt-library.clean.json" "$HANDOFF/prompts/prompt-library.json"
cp "$CLIENT_ROOT/brand/brand-system.json" "$CLIENT_ROOT/brand/brand.md" "$HANDOFF/docs/"
printf '# %s handoff\n\ngen-ai generate -m <pinned-model-id> -p "<prompt>"\n' "$CLIENT" > "$HANDOFF/README.md"
printf '# Rights\n\nall generated\n' > "$HANDOFF/docs/RIGHTS.md"
printf '# Changelog\n\n- %s: handoff\n' "$DAY" > "$HANDOFF/docs/CHANGELOG.md"
cd "$WORK/handoff" || exit 1
zip -r -q "$CLIENT-handoff-$DAY.zip" "$CLIENT-$DAY/" -x "*.DS_Store" "*/.git/*" || exit 1
# Cold test: extract to a clean dir, dry-run one asset.
tmpdir=$(mktemp -d -p "$WORK") && unzip -q "$CLIENT-handoff-$DAY.zip" -d "$tmpdir" || exit 1
cd "$tmpdir/$CLIENT-$DAY" || exit 1
SAMPLE_PROMPT=$(jq -r '.jobs[0].prompt' prompts/prompt-library.json)
SAMPLE_MODEL=$(jq -r '.jobs[0].model' prompts/prompt-library.json)
gen-ai generate -m "$SAMPLE_MODEL" -p "$SAMPLE_PROMPT" --dry-run --debug > /dev/null || echo "recipe: dry run exited $?" >&2
exit 0
