// Shell completion scripts, generated from the option table: flags, enum values (--coding ...),
// file names where a flag takes a file, subcommands, and profile names, which the script asks
// `smpp-send completion --profiles` for at completion time (the config file may change). Pure text.
import { OPTIONS, type OptionSpec } from '../config/options.js';
import { REPORT_FLAGS, SUBCOMMANDS } from './commands.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const PROFILES = 'smpp-send completion --profiles';

type ValueKind = { kind: 'none' } | { kind: 'choices'; choices: readonly string[] } | { kind: 'file' } | { kind: 'profile' } | { kind: 'free' };

/** What may follow a flag on the command line. */
export function valueKind(spec: Pick<OptionSpec, 'key' | 'arg' | 'choices'>): ValueKind {
  if (!spec.arg) return { kind: 'none' };
  if (spec.choices) return { kind: 'choices', choices: spec.choices };
  if (spec.key === 'profile') return { kind: 'profile' };
  if (/file/.test(spec.arg)) return { kind: 'file' };
  return { kind: 'free' };
}

/** Every spelling of a flag: `-P --profile`. */
function names(spec: Pick<OptionSpec, 'flag' | 'short'>): string[] {
  return spec.short ? [spec.short, spec.flag] : [spec.flag];
}

export function completionScript(shell: Shell): string {
  return { bash, zsh, fish }[shell]();
}

function bash(): string {
  const cases: string[] = [];
  const free: string[] = [];
  for (const spec of OPTIONS) {
    const k = valueKind(spec);
    const pattern = names(spec).join('|');
    if (k.kind === 'choices') cases.push(`    ${pattern}) COMPREPLY=($(compgen -W "${k.choices.join(' ')}" -- "$cur")); return ;;`);
    else if (k.kind === 'file') cases.push(`    ${pattern}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`);
    else if (k.kind === 'profile') cases.push(`    ${pattern}) COMPREPLY=($(compgen -W "$(${PROFILES} $config 2>/dev/null)" -- "$cur")); return ;;`);
    else if (k.kind === 'free' && !spec.arg!.startsWith('[')) free.push(...names(spec));
  }
  const flags = [...OPTIONS.flatMap((o) => [o.flag, ...(o.short ? [o.short] : [])]), '--help', '--version'];
  return `# smpp-send completion for bash. Load it from ~/.bashrc:
#   eval "$(smpp-send completion bash)"
_smpp_send() {
  local cur prev config="" i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  COMPREPLY=()
  # Profile names come from the config file the command line names, if it names one.
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -c|--config) config="--config \${COMP_WORDS[i+1]}" ;;
    esac
  done
  case "$prev" in
${cases.join('\n')}
    --failed) [[ "\${COMP_WORDS[1]}" == report ]] && COMPREPLY=($(compgen -f -- "$cur")); return ;;
${free.length ? `    ${free.join('|')}) return ;;\n` : ''}  esac
  case "\${COMP_WORDS[1]}" in
    completion) [[ $COMP_CWORD -eq 2 ]] && COMPREPLY=($(compgen -W "${SHELLS.join(' ')}" -- "$cur")); return ;;
    report)
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${REPORT_FLAGS.map((f) => f.flag).join(' ')}" -- "$cur"))
      else COMPREPLY=($(compgen -f -- "$cur")); fi
      return ;;
    help) [[ $COMP_CWORD -eq 2 ]] && COMPREPLY=($(compgen -W "report" -- "$cur")); return ;;
  esac
  if [[ $COMP_CWORD -eq 1 && "$cur" != -* ]]; then
    COMPREPLY=($(compgen -W "${SUBCOMMANDS.map((c) => c.name).join(' ')}" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -W "${flags.join(' ')}" -- "$cur"))
}
complete -o default -F _smpp_send smpp-send
`;
}

/** Text inside a zsh _arguments description `[...]`, in single quotes. */
function zshText(text: string): string {
  return text.replace(/'/g, `'\\''`).replace(/([[\]:\\])/g, '\\$1');
}

function zsh(): string {
  const specs = OPTIONS.map((spec) => {
    const k = valueKind(spec);
    const action = {
      none: '',
      choices: k.kind === 'choices' ? `:${spec.key}:(${k.choices.join(' ')})` : '',
      file: ':file:_files',
      profile: `:profile:{compadd -- \${(f)"$(${PROFILES} \${opt_args[--config]:+--config \${opt_args[--config]}} 2>/dev/null)"}}`,
      free: spec.arg?.startsWith('[') ? '::value: ' : ':value: ',
    }[k.kind];
    const rest = `[${zshText(spec.describe)}]${action}'`; // actions hold no single quote
    return spec.short ? `    '(${spec.short} ${spec.flag})'{${spec.short},${spec.flag}}'${rest}` : `    '${spec.flag}${rest}`;
  });
  const commands = SUBCOMMANDS.map((c) => `'${c.name}:${zshText(c.describe)}'`).join(' ');
  return `#compdef smpp-send
# smpp-send completion for zsh. Load it from ~/.zshrc (after compinit):
#   eval "$(smpp-send completion zsh)"
_smpp_send() {
  local -a commands
  commands=(${commands})
  if (( CURRENT == 2 )) && [[ $words[2] != -* ]]; then
    _describe 'command' commands && return
  fi
  case $words[2] in
    completion) (( CURRENT == 3 )) && compadd ${SHELLS.join(' ')}; return ;;
    report) _arguments ${REPORT_FLAGS.map((f) => `'${f.flag}[${zshText(f.describe)}]${f.arg ? ':file:_files' : ''}'`).join(' ')} '1:journal:_files'; return ;;
  esac
  _arguments -s \\
${specs.join(' \\\n')} \\
    '(- *)--help[show the help]' \\
    '(- *)'{-V,--version}'[print the version]' \\
    '*::argument:_files'
}
compdef _smpp_send smpp-send
`;
}

/** Text inside fish single quotes. */
function fishText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

function fish(): string {
  const noCommand = `not __fish_seen_subcommand_from ${SUBCOMMANDS.map((c) => c.name).join(' ')}`;
  const lines = OPTIONS.map((spec) => {
    const k = valueKind(spec);
    const long = spec.flag.slice(2);
    const short = spec.short ? ` -s ${spec.short.slice(1)}` : '';
    const value = {
      none: '',
      choices: k.kind === 'choices' ? ` -x -a '${k.choices.join(' ')}'` : '',
      file: ' -r -F',
      profile: ` -x -a '(${PROFILES} (__fish_smpp_send_config) 2>/dev/null)'`,
      free: ' -x',
    }[k.kind];
    return `complete -c smpp-send -n '__fish_smpp_send_not_report'${short} -l ${long}${value} -d '${fishText(spec.describe)}'`;
  });
  const commands = SUBCOMMANDS.map((c) => `complete -c smpp-send -n '${noCommand}' -a ${c.name} -d '${fishText(c.describe)}'`);
  const report = REPORT_FLAGS.map(
    (f) => `complete -c smpp-send -n '__fish_seen_subcommand_from report' -l ${f.flag.slice(2)}${f.arg ? ' -r -F' : ''} -d '${fishText(f.describe)}'`,
  );
  return `# smpp-send completion for fish. Load it once:
#   smpp-send completion fish > ~/.config/fish/completions/smpp-send.fish
complete -c smpp-send -f
function __fish_smpp_send_not_report
    not __fish_seen_subcommand_from report completion
end
function __fish_smpp_send_config
    set -l words (commandline -opc)
    for i in (seq (count $words))
        if contains -- $words[$i] -c --config; and test $i -lt (count $words)
            printf "%s\n" --config $words[(math $i + 1)]
        end
    end
end
${commands.join('\n')}
complete -c smpp-send -n '__fish_seen_subcommand_from completion' -x -a '${SHELLS.join(' ')}'
complete -c smpp-send -n '__fish_seen_subcommand_from report' -F
${report.join('\n')}
${lines.join('\n')}
complete -c smpp-send -n '__fish_smpp_send_not_report' -s V -l version -d 'print the version'
complete -c smpp-send -l help -s h -d 'show the help'
`;
}
