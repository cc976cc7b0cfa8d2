import { Hono } from "hono";
import type { AppEnv } from "../app-env";

/** `GET /docs`: the interactive API reference (placeholder replaced by the docs page work). */
export const docsRoutes = new Hono<AppEnv>();
docsRoutes.get("/docs", (c) => c.html("<!doctype html><title>Herald API</title><a href=/openapi.json>openapi.json</a>"));
