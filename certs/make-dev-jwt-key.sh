#!/usr/bin/env bash
# Creates the local development JWT signing key (EC P-384, ES384) and its public JWKS, which
# certs/trust/dev.json points at. The private key never leaves certs/dev/ (git-ignored).
# Usage: certs/make-dev-jwt-key.sh [OUTPUT_DIR]   (default: certs/dev)
# Existing files are kept; delete them to rotate the key.
set -euo pipefail
out="${1:-$(cd "$(dirname "$0")" && pwd)/dev}"
kid="auc-hooks-dev-1"
mkdir -p "$out"
chmod 700 "$out"
cd "$out"

if [[ -s dev-jwt-key.pem && -s dev-jwt-jwks.json ]]; then
  echo "dev JWT key already in $out"
  exit 0
fi

umask 077
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out dev-jwt-key.pem 2>/dev/null
# A P-384 SubjectPublicKeyInfo ends with the uncompressed point 04||X||Y (48 bytes each).
point="$(mktemp)"
trap 'rm -f "$point"' EXIT
openssl pkey -in dev-jwt-key.pem -pubout -outform DER | tail -c 96 > "$point"
b64url() { basenc --base64url -w0 | tr -d '='; }
x="$(head -c 48 "$point" | b64url)"
y="$(tail -c 48 "$point" | b64url)"
cat > dev-jwt-jwks.json <<JWKS
{"keys":[{"kty":"EC","crv":"P-384","use":"sig","alg":"ES384","kid":"$kid","x":"$x","y":"$y"}]}
JWKS
chmod 600 dev-jwt-key.pem
chmod 644 dev-jwt-jwks.json
echo "dev JWT key:  $out/dev-jwt-key.pem (kid $kid)"
echo "public JWKS:  $out/dev-jwt-jwks.json (trusted via --trust certs/trust/dev.json)"
