/**
 * What GNU make does to a .ONESHELL recipe before handing it to a POSIX
 * shell (job.c, is_bourne_compatible_shell): at the start of every logical
 * line, blanks and the prefix characters @, - and + are dropped. make does
 * not do it for a shell it does not recognise, and vstrace-sh is one, so
 * vstrace-sh does it when make is its caller. For an ordinary (not
 * .ONESHELL) recipe line make has already stripped them, and this changes
 * nothing.
 */
export function stripMakePrefixes(recipe: string): string {
  let out = '';
  let i = 0;
  while (i < recipe.length) {
    while (i < recipe.length && ' \t-@+'.includes(recipe[i]!)) i++;
    let escaped = false;
    while (i < recipe.length) {
      const c = recipe[i++]!;
      out += c;
      if (c === '\\') escaped = !escaped;
      else if (c === '\n' && !escaped) break;
      else escaped = false;
    }
  }
  return out;
}
