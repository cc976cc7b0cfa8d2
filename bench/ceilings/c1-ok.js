// C1: the cheapest worker there is. Its requests/s and CPU per request are what any worker
// on this machine, in this harness, can do at best.
export default {
  fetch() {
    return new Response("ok");
  },
};
