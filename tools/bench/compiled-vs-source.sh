#!/usr/bin/env bash
# Task start and warm `nx run example-client:handoff`, from source (this repo: TypeScript through
# @swc-node/register) and from the compiled packages (npm run build, npm pack, installed into a
# fresh workspace with its own node_modules), measured in one run. Usage: tools/bench/compiled-vs-source.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-7}"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
repo="$PWD"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
npm run -s build >/dev/null
for p in templates handoff-core nx-handoff; do (cd "$tmp" && npm pack -s "$repo/dist/packages/$p" >/dev/null); done
ws="$tmp/ws"; mkdir -p "$ws/clients"
(cd "$ws" && git init -q -b main && echo '{"name":"bench","private":true}' > package.json \
  && echo '{"analytics":false,"neverConnectToCloud":true,"cacheDirectory":".nx/cache","defaultBase":"main","plugins":["nx-handoff"]}' > nx.json \
  && printf 'node_modules\n.nx\ndist\n' > .gitignore \
  && npm i -s -D --no-audit --no-fund nx@24.0.6 "$tmp"/*.tgz >/dev/null 2>&1)
cp -r apps/example-client "$ws/clients/example-client"; cp model-registry.json handoff.workspace.json "$ws/"
(cd "$ws" && git add -A && git -c user.name=b -c user.email=b@b commit -qm init)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
measure() { local i; for ((i = 0; i < RUNS; i++)); do ms "$@"; done | median; }

src_req=$(measure node -r @swc-node/register -e "require('./packages/nx-handoff/src/executors/package/executor')")
bin_req=$(cd "$ws" && measure node -e "require('nx-handoff/package.json'); require('./node_modules/nx-handoff/src/executors/package/executor')")
npx nx run example-client:handoff >/dev/null 2>&1; (cd "$ws" && npx nx run example-client:handoff >/dev/null 2>&1)
src_warm=$(measure npx nx run example-client:handoff)
bin_warm=$(cd "$ws" && measure npx nx run example-client:handoff)
src_cold=$(measure npx nx run example-client:handoff --skip-nx-cache)
bin_cold=$(cd "$ws" && measure npx nx run example-client:handoff --skip-nx-cache)
printf '| measure (median of %s) | from source (swc-node) | compiled, installed | \n|---|---|---|\n' "$RUNS"
printf '| require the package executor (task start) | %s ms | %s ms |\n' "$src_req" "$bin_req"
printf '| warm `nx run example-client:handoff` | %s ms | %s ms |\n' "$src_warm" "$bin_warm"
printf '| `nx run example-client:handoff --skip-nx-cache` | %s ms | %s ms |\n' "$src_cold" "$bin_cold"
printf 'example zip sha256: source %s, compiled %s\n' \
  "$(cut -d' ' -f1 dist/handoff/example-client/handoff-v1/*.zip.sha256)" "$(cut -d' ' -f1 "$ws"/dist/handoff/example-client/handoff-v1/*.zip.sha256)"
