/**
 * One step of the walk over the words before the cursor, shared by bash and zsh: `word` is the
 * next word. Options are skipped (with their value, when they take one), the first plain word
 * is the command, the next one the subcommand if the command has one of that name, and the rest
 * are positionals; after `--` every word is a positional.
 */
export function walkerBody(indent: string): string {
  return `if (( ended == 0 )) && [[ $word == -- ]]; then
  ended=1
elif (( ended == 0 )) && [[ $word == -* ]]; then
  __claude_hybrid_value "$command" "$sub" "$word"
  [[ -n $REPLY && $word != *=* ]] && i=$(( i + 1 ))
elif [[ -z $command ]]; then
  command=$word
elif [[ -z $sub ]] && (( positionals == 0 )) && __claude_hybrid_subcommands "$command" && [[ " $REPLY " == *" $word "* ]]; then
  sub=$word
else
  positionals=$(( positionals + 1 ))
fi`
    .split('\n')
    .map((line) => `${indent}${line}`)
    .join('\n');
}
