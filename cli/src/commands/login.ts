import { noMorePositionals, parseCommand } from "../args.ts";
import { contextOf } from "../context.ts";
import { CliError, EXIT } from "../errors.ts";
import { heraldFetch, problemError } from "../http.ts";
import { printJson, say } from "../output.ts";
import { profilePath, readProfile, writeProfile } from "../profile.ts";

/** `herald login [--url] [--key]`: checks the key against Herald, then saves url and key (0600). */
export async function login(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {});
  noMorePositionals(positionals, 0);
  const ctx = contextOf(values);
  if (!values.key && !process.env.HERALD_API_KEY)
    throw new CliError("herald login needs --key (or HERALD_API_KEY)", EXIT.usage);
  // Any key may list webhooks: a wallet key sees its own, the admin key all of them.
  const res = await heraldFetch(ctx, "/v1/webhooks?limit=1");
  if (!res.ok) throw await problemError(res, "checking the key");
  await res.body?.cancel();
  writeProfile({ ...readProfile(), url: ctx.url, key: ctx.key });
  if (ctx.json) printJson({ url: ctx.url, profile: profilePath() });
  else say(`Logged in to ${ctx.url}. Profile saved to ${profilePath()} (mode 0600).`);
  return EXIT.ok;
}

/** `herald logout`: forgets the saved URL and key; the listen secret stays, as receivers keep it. */
export async function logout(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {});
  noMorePositionals(positionals, 0);
  const { url: _url, key: _key, ...rest } = readProfile();
  writeProfile(rest);
  if (values.json) printJson({ loggedOut: true, profile: profilePath() });
  else say(`Logged out: the key is removed from ${profilePath()}.`);
  return EXIT.ok;
}
