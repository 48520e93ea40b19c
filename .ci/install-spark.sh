#!/usr/bin/env bash
# Install PySpark (the two lines people run today, pinned) into virtual environments for the Spark
# tests (tests/spark/) and `alsrec spark`. Cached between runs: each version lives in
#   ${ALSREC_SPARK_VENVS:-~/.cache/alsrec/spark-venvs}/<version>
# and is reused when its marker file is there (a half-built venv is removed and built again).
# Spark needs Java 17 (installed from Debian's openjdk-17-jre-headless when `java` is missing).
# Prints, on its last lines, the `export` commands .ci/run evaluates:
#   ALSREC_SPARK_VENVS (space-separated venv paths), ALSREC_REQUIRE_SPARK=1.
# Packages come only from PyPI (pip) and Debian (apt).
set -euo pipefail

# Pinned: the newest 3.5 release and a current 4.x release (4.1) at the time of writing.
SPARK_VERSIONS="${ALSREC_SPARK_VERSIONS:-3.5.9 4.1.4}"
ROOT="${ALSREC_SPARK_VENVS_ROOT:-$HOME/.cache/alsrec/spark-venvs}"
PYTHON="${PYTHON:-python3}"

log() { echo "install-spark: $*" >&2; }

if ! command -v java >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  log "installing Java 17 from Debian's packages"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

mkdir -p "$ROOT"
venvs=()
for v in $SPARK_VERSIONS; do
  dir="$ROOT/$v"
  marker="$dir/.alsrec-ready"
  if [ -f "$marker" ]; then
    log "pyspark $v cached in $dir"
  else
    log "installing pyspark $v into $dir (once; cached afterwards)"
    rm -rf "$dir"
    "$PYTHON" -m venv "$dir"
    # numpy: pyspark.ml imports it. Spark 3.5 predates numpy 2.
    case "$v" in
      3.*) numpy='numpy<2' ;;
      *) numpy='numpy' ;;
    esac
    "$dir/bin/pip" install --quiet --disable-pip-version-check --no-cache-dir "pyspark==$v" "$numpy"
    "$dir/bin/python" -c "import pyspark, pyspark.ml.recommendation; assert pyspark.__version__ == '$v', pyspark.__version__"
    touch "$marker"
  fi
  venvs+=("$dir")
done

echo "export ALSREC_SPARK_VENVS='${venvs[*]}'"
echo "export ALSREC_REQUIRE_SPARK=1"
