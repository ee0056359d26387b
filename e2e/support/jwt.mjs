// HS256 JSON Web Tokens signed like the sample app signs them, for tokens the sample's login
// cannot produce (expired ones, forged ones). The tests start the app with the same secret.
import { createHmac } from "node:crypto";

/** The secret the tests pass to the sample app as --sample.jwt.secret. */
export const TEST_JWT_SECRET = "e2e-test-secret-for-hs256-signatures-0123456789";

const b64url = (value) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** Signs claims; `expiresIn` in seconds from now (negative: already expired, beyond any clock skew). */
export function signJwt({ sub, roles = [], expiresIn = 3600 }, secret = TEST_JWT_SECRET) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url({ alg: "HS256", typ: "JWT" });
  const payload = b64url({ sub, roles, iat: Math.min(now, now + expiresIn - 60), exp: now + expiresIn });
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}
