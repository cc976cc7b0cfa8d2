// workerd serves node:crypto (nodejs_compat); the test tsconfig has no Node types, so the one
// function the receiver helper uses (a synchronous SHA-256, see eventIdOf) is typed here.
declare module "node:crypto" {
  export function createHash(algorithm: "sha256"): {
    update(data: string): { digest(encoding: "hex"): string };
  };
}
