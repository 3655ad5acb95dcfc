import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

/**
 * The vitest project of one package. Tests import workspace packages through their `source`
 * export condition, so they run against the TypeScript sources without a build.
 */
export function packageProject(name: string, test: UserWorkspaceConfig["test"] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions: ["source", ...defaultClientConditions] },
    ssr: { resolve: { conditions: ["source", ...defaultServerConditions] } },
    test: { name, include: ["src/**/*.test.ts"], ...test },
  });
}
