// The official SDK's apps for the `internal` project of a running stackd, as a browser
// app (client) and a backend (server) would construct them; tokens stay in memory.
import { StackClientApp, StackServerApp } from "@stackframe/js";
import { devKeys } from "./server.js";

export function clientApp(baseUrl) {
  return new StackClientApp({
    baseUrl,
    projectId: "internal",
    publishableClientKey: devKeys.publishableClientKey,
    tokenStore: "memory",
    redirectMethod: "none",
  });
}

export function serverApp(baseUrl) {
  return new StackServerApp({
    baseUrl,
    projectId: "internal",
    publishableClientKey: devKeys.publishableClientKey,
    secretServerKey: devKeys.secretServerKey,
    tokenStore: "memory",
    redirectMethod: "none",
  });
}
