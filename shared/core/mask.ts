// Masked forms of personal data for roles that must not see it, e.g. the wall in a room with visitors (R40).

/** 张三 → 张*, 张小明 → 张*明, 欧阳小明 → 欧**明. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** 13805370001 → 138****0001; shorter numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const all = phone.replace(/\D/g, '');
  const digits = all.length === 13 && all.startsWith('86') ? all.slice(2) : all; // +86
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}
