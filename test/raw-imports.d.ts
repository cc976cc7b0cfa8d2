// Vite's `?raw` suffix imports a file's text: the hardening suite reads test sources to check
// that every catalog row names a test that exists.
declare module "*?raw" {
  const text: string;
  export default text;
}
