// Masked forms of personal data for roles that must not see it, e.g. the wall in a room with visitors (R40).

/** 张三 → 张*, 张小明 → 张*明, 欧阳小明 → 欧**明. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
