/** Paths of the member's reflection pages. */
export const reflectionPaths = {
  settings: "/settings/reflection",
  digest: (period: "week" | "month" = "week", of?: string) =>
    `/reflect/digest?period=${period}${of ? `&of=${of}` : ""}`,
  digestBase: "/reflect/digest",
  writeReflection: "/reflect/digest/reflection",
  insights: "/reflect/insights",
  dismiss: (nudgeId: string) => `/reflect/nudges/${nudgeId}/dismiss`,
};
