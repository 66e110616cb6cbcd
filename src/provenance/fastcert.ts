// A speed fix for @sigstore/core, applied once when the provenance module loads.
//
// `X509Certificate.equals` re-encodes both certificates to DER on every call (ASN1Obj.toDER
// rebuilds the whole tree through 1 KiB buffer reallocations). @sigstore/verify calls it
// O(certificates^2) times per bundle (dedupeCertificates over every trusted CA chain, then the
// path search), so re-checking 100 stored bundles spent about 9 of its 20 ms per bundle there.
// Here each certificate object is encoded once and its DER kept beside it (WeakMap: it goes with
// the object). Only the equality test uses the kept bytes; every signature check still encodes the
// to-be-signed part afresh (`verify` -> tbsCertificate.toDER()), so no signature is ever checked
// over cached data. @sigstore/verify mutates only its private clone of the leaf (removing the SCT
// extension) and never compares that clone, so the kept DER cannot go stale where it is used.

import { X509Certificate } from '@sigstore/core';

const der = new WeakMap<X509Certificate, Buffer>();

function derOf(cert: X509Certificate): Buffer {
  let d = der.get(cert);
  if (d === undefined) {
    d = cert.root.toDER();
    der.set(cert, d);
  }
  return d;
}

let applied = false;

/** Install the cached equality (idempotent). */
export function speedUpCertificateEquality(): void {
  if (applied) return;
  applied = true;
  X509Certificate.prototype.equals = function equals(this: X509Certificate, other: X509Certificate): boolean {
    return derOf(this).equals(derOf(other));
  };
}
