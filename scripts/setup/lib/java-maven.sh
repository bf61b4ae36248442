# Sourced by setup scripts that fetch from Maven Central: installs a JDK and Maven from Debian when absent.
ensure_java_maven() {
  if command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then return 0; fi
  local sudo=''
  if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-cache show maven >/dev/null 2>&1; then $sudo apt-get update -y; fi
  $sudo apt-get install -y --no-install-recommends default-jdk-headless maven
}
