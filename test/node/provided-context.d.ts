// What the Node-side global setup (test/node/setup/herald.ts) hands to the Node-side tests.
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    heraldUrl: string;
    heraldAdminKey: string;
  }
}
