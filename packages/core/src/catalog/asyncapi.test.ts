import { describe, expect, it } from "vitest";
import { eventTypes } from "../events/catalog.js";
import { asyncApiDocument } from "./asyncapi.js";
import { catalogFiles } from "./catalog-files.js";

type Node = Record<string, unknown>;

/** Resolves a local `#/…` reference in `document`. */
function resolve(document: Node, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`not a local reference: ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node as Node | undefined)?.[key], document);
}

/** Every `$ref` in `node`. */
function refs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refs);
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "$ref" && typeof value === "string" ? [value] : refs(value),
  );
}

describe("the AsyncAPI document", () => {
  const document = asyncApiDocument("1.2.3");
  const channels = document.channels as Record<string, Node>;
  const operations = document.operations as Record<string, Node>;
  const messages = (document.components as { messages: Record<string, Node> }).messages;

  it("is AsyncAPI 3.0 with info, channels, operations and messages", () => {
    expect(document.asyncapi).toBe("3.0.0");
    expect(document.info).toMatchObject({ title: expect.any(String), version: "1.2.3" });
    expect(Object.keys(channels).length).toBeGreaterThan(0);
    for (const operation of Object.values(operations)) {
      expect(["send", "receive"]).toContain(operation.action);
      expect(operation.channel).toMatchObject({ $ref: expect.stringMatching(/^#\/channels\//) });
    }
  });

  it("carries every event on the agreement channel and PersonErased on the personal-data channel", () => {
    expect(channels.agreement?.address).toBe("agreement-{agreementId}");
    expect(Object.keys(channels.agreement?.parameters as Node)).toEqual(["agreementId"]);
    expect(Object.keys(channels.agreement?.messages as Node)).toEqual(eventTypes);
    expect(channels.personalData?.address).toBe("iop-personal-data");
    expect(Object.keys(channels.personalData?.messages as Node)).toEqual(["PersonErased"]);
    expect(Object.keys(messages).sort()).toEqual([...eventTypes, "PersonErased"].sort());
  });

  it("resolves every local reference, and every payload to a schema file of the catalog", () => {
    const files = catalogFiles("1.2.3");
    for (const ref of refs(document).filter((r) => r.startsWith("#/")))
      expect(resolve(document, ref), ref).toBeDefined();
    for (const [name, message] of Object.entries(messages)) {
      const payload = (message.payload as { $ref: string }).$ref;
      expect(payload.startsWith("./"), name).toBe(true);
      const schema = files.get(payload.slice(2)) as Node | undefined;
      expect(schema?.properties, name).toMatchObject({ type: { const: name } });
    }
    // An operation's messages are its channel's, as AsyncAPI 3 requires.
    for (const operation of Object.values(operations)) {
      const channel = (operation.channel as { $ref: string }).$ref;
      for (const { $ref } of operation.messages as { $ref: string }[])
        expect($ref.startsWith(`${channel}/messages/`), $ref).toBe(true);
    }
  });
});
