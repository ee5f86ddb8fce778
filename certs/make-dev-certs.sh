#!/usr/bin/env bash
# Creates a local development CA and a localhost server certificate signed by it, so the quick
# start serves real HTTPS (trust dev-ca.pem in your browser or curl --cacert; no -k needed).
# Usage: certs/make-dev-certs.sh [OUTPUT_DIR]   (default: certs/dev, which git ignores)
# Existing files are kept; delete the directory to start over.
set -euo pipefail
out="${1:-$(cd "$(dirname "$0")" && pwd)/dev}"
mkdir -p "$out"
chmod 700 "$out"
cd "$out"

if [[ -s server.pem && -s server-key.pem && -s dev-ca.pem ]]; then
  echo "dev certificates already in $out"
  exit 0
fi

umask 077
# The CA: only ever trusted on a developer machine.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
  -subj "/CN=auc-hooks development CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout dev-ca-key.pem -out dev-ca.pem 2>/dev/null

openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout server-key.pem -out server.csr 2>/dev/null
cat > server.ext <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
EXT
openssl x509 -req -in server.csr -CA dev-ca.pem -CAkey dev-ca-key.pem -CAcreateserial \
  -days 397 -extfile server.ext -out server.pem 2>/dev/null
rm -f server.csr server.ext dev-ca.srl
chmod 600 ./*-key.pem
chmod 644 dev-ca.pem server.pem
echo "dev CA:      $out/dev-ca.pem"
echo "server cert: $out/server.pem"
echo "server key:  $out/server-key.pem"
