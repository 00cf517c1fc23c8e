# vstrace run -x: bash reads this file through BASH_ENV before the script's first line
# (docs/xtrace.md). It records every command the script runs, with builtins only (no process
# per command), to the descriptor vstrace opened for it; vstrace turns the records into spans
# after the script ends. Nothing here writes to the script's stdout or stderr.
if [[ -n ${VSTRACE_XTRACE_FD-} ]]; then
  # Commands the script starts are not traced through this file: they get the caller's BASH_ENV back.
  if [[ -n ${VSTRACE_XTRACE_BASH_ENV+set} ]]; then BASH_ENV=$VSTRACE_XTRACE_BASH_ENV; else unset BASH_ENV; fi
  __vst_fd=$VSTRACE_XTRACE_FD
  # SHLVL as bash would have set it from the caller's (vstrace raised an unset or 0 one to stay on BASH_ENV).
  if [[ -n ${VSTRACE_XTRACE_SHLVL+set} ]]; then SHLVL=1; fi
  unset VSTRACE_XTRACE_FD VSTRACE_XTRACE_BASH_ENV VSTRACE_XTRACE_SHLVL
  # The caller's own BASH_ENV runs as it would have, untraced.
  if [[ -n ${BASH_ENV-} ]]; then . "$BASH_ENV"; fi
  if [[ -n ${EPOCHREALTIME-} && ${TRACEPARENT-} == 00-????????????????????????????????-????????????????-?? ]] && ((BASH_VERSINFO[0] >= 5)); then
    # One record a command, \x1d…\x1e, fields split by \x1f: $? and PIPESTATUS of the command before,
    # the time, the span the command before was (in a new subshell: the command that made it), the
    # shell's pid and a sequence number (together: this command's span id), the call depth, file,
    # line, and the command as written. TRACEPARENT then names this command's span.
    # Two commands a record, both builtins: one assignment, one printf. The group's stderr is closed,
    # so set -x shows nothing of ours and a script that closed fd 62 sees no error (and, with || :,
    # neither set -e nor extdebug acts on it); printf's last argument, printed as nothing, is $_
    # (which the record must leave as it found it).
    __vst_n=0 __vst_z=0000000 __vst_y=000000000 __vst_t=${TRACEPARENT:3:32} __vst_cur=${TRACEPARENT:36:16} __vst_fl=${TRACEPARENT:53:2} __vst_wx= __vst_g=0 __vst_self=${BASH_SOURCE-}
    __vst_rec='__vst_s=$? __vst_p=${PIPESTATUS[*]} __vst_u=$_ __vst_seen=$__vst_cur __vst_n=$((__vst_n + 1)) __vst_cur=${__vst_z:${#BASHPID}}$BASHPID${__vst_y:${#__vst_n}}$__vst_n TRACEPARENT=00-$__vst_t-$__vst_cur-$__vst_fl; printf "\x1d%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1e%.0s" "$__vst_s" "$__vst_p" "$EPOCHREALTIME" "$__vst_seen" "$BASHPID" "$__vst_n" "${#BASH_LINENO[@]}" "${BASH_SOURCE-}" "$LINENO" "$BASH_COMMAND" "$__vst_u" >&'$__vst_fd' || : "$__vst_u"'
    __vst_status() { return "$1"; }
    # The script's own DEBUG and EXIT traps (unset: none) run after ours. Its DEBUG trap runs with its
    # $? and $_, where bash would run it without functrace: at the top level, not in functions,
    # sourced files or subshells. The choice is made with set -x off (nothing of ours may show in its
    # output), and the script's trap then runs traced as bash would trace it, on the trap's first line.
    unset __vst_user_DEBUG __vst_user_EXIT __vst_user_RETURN
    __vst_install() {
      if [[ -z ${__vst_user_DEBUG+set} ]]; then __vst_debug="{ $__vst_rec; } 2>&-"
      else
        __vst_debug="{ $__vst_rec; __vst_g=0; ((\${#BASH_LINENO[@]} > 1 || BASH_SUBSHELL)) || __vst_g=1; [[ \$- == *x* ]] && { set +x; __vst_g+=x; }; } 2>&-; case \$__vst_g in 1*) { [[ \$__vst_g == 1x ]] && set -x; __vst_status \"\$__vst_s\" \"\$__vst_u\"; } 2>&-; $__vst_user_DEBUG
;; 0x) set -x ;; esac"
      fi
      builtin trap -- "$__vst_debug" DEBUG
      # An EXIT trap of ours writes the shell's last record (E: status and PIPESTATUS of the last
      # command, which may be a pipeline set -e stopped at); the script's own EXIT trap then runs
      # with the script's $?.
      # The script's RETURN trap runs where bash would run it without functrace: when the function
      # that set it returns, or (set at the top level) when a file sourced at the top level ends.
      if [[ -n ${__vst_user_RETURN+set} ]]; then
        # bash runs the DEBUG trap for a RETURN trap's commands, with the command before's text: its
        # records between R and r are the trap's, and so are the two bash wrote as the trap began.
        builtin trap -- "{ __vst_rs=\$? __vst_rg=0; printf '\x1dR\x1f%s\x1f%s\x1e' \"\$__vst_cur\" \"\$BASHPID\" >&$__vst_fd || :; ((BASH_SUBSHELL == __vst_ret_sub)) && [[ \${FUNCNAME[0]-main} == \"\$__vst_ret_fn\" ]] && __vst_rg=1; [[ \$- == *x* ]] && { set +x; __vst_rg+=x; }; } 2>&-; case \$__vst_rg in 1*) { [[ \$__vst_rg == 1x ]] && set -x; __vst_status \"\$__vst_rs\"; } 2>&-; $__vst_user_RETURN
;; 0x) set -x ;; esac; { printf '\x1dr\x1f%s\x1f%s\x1e' \"\$__vst_cur\" \"\$BASHPID\" >&$__vst_fd || :; } 2>&-" RETURN
      else builtin trap - RETURN
      fi
      builtin trap -- "{ __vst_es=\$? __vst_ep=\${PIPESTATUS[*]}; printf '\x1dE\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1e' \"\$__vst_es\" \"\$__vst_ep\" \"\$EPOCHREALTIME\" \"\$__vst_cur\" \"\$BASHPID\" >&$__vst_fd || :; __vst_status \"\$__vst_es\"; } 2>&-; ${__vst_user_EXIT-}" EXIT
    }
    # `trap` as the script sees it: DEBUG, EXIT and RETURN are the script's own, shown and replaced as if ours
    # were not there. Its body runs without set -x.
    __vst_which() { case $1 in DEBUG | SIGDEBUG) __vst_k=DEBUG ;; EXIT | SIGEXIT | 0) __vst_k=EXIT ;; RETURN | SIGRETURN) __vst_k=RETURN ;; *) __vst_k= ;; esac; }
    __vst_shown() {
      local __vst_v=__vst_user_$1
      if [[ -n ${!__vst_v+set} ]]; then __vst_v=${!__vst_v}; printf 'trap -- %s %s\n' "'${__vst_v//\'/\'\\\'\'}'" "$1"; fi
    }
    trap() {
      { __vst_wx=${-//[^x]/}; set +x; } 2>&-
      __vst_trap "$@"
      # set -x back on before the script's next command, in the next record (a command here would show).
      __vst_r=$?
      [[ -n $__vst_wx ]] && builtin trap -- "{ [[ \${BASH_SOURCE-} == \"\$__vst_self\" ]] || { set -x; __vst_install; }; } 2>&-; $__vst_debug" DEBUG
      return "$__vst_r"
    }
    __vst_trap() {
      local __vst_a __vst_rest=() __vst_act __vst_all __vst_ours __vst_k __vst_set=
      case ${1-} in
        -l | -lp | -pl) builtin trap "$@"; return ;;
        -p | -P | '')
          if [[ $# -le 1 ]]; then
            __vst_all=$(builtin trap -p) || return
            for __vst_a in EXIT DEBUG RETURN; do
              __vst_ours=$(builtin trap -p "$__vst_a")
              [[ -n $__vst_ours ]] || continue
              __vst_act=$(__vst_shown "$__vst_a")
              __vst_all=${__vst_all/"$__vst_ours"/"$__vst_act"}
            done
            __vst_all=${__vst_all#$'\n'}
            __vst_all=${__vst_all//$'\n\n'/$'\n'}
            [[ -n $__vst_all ]] && printf '%s\n' "${__vst_all%$'\n'}"
            return 0
          fi
          __vst_act=$1; shift
          for __vst_a; do
            __vst_which "$__vst_a"
            if [[ -n $__vst_k ]]; then __vst_shown "$__vst_k"; else builtin trap "$__vst_act" "$__vst_a" || return; fi
          done
          return 0 ;;
      esac
      [[ $1 == -- ]] && shift
      if [[ $# -eq 1 ]]; then __vst_act=-; else __vst_act=$1; shift; fi
      for __vst_a; do
        __vst_which "$__vst_a"
        if [[ -z $__vst_k ]]; then __vst_rest+=("$__vst_a"); continue; fi
        __vst_set=1
        if [[ $__vst_act == - ]]; then unset "__vst_user_$__vst_k"; else printf -v "__vst_user_$__vst_k" %s "$__vst_act"; fi
        [[ $__vst_k == RETURN ]] && __vst_ret_fn=${FUNCNAME[2]-main} __vst_ret_sub=$BASH_SUBSHELL
      done
      [[ -n $__vst_set ]] && __vst_install
      if [[ ${#__vst_rest[@]} -gt 0 ]]; then builtin trap -- "$__vst_act" "${__vst_rest[@]}"; fi
    }
    printf '\x1dV\x1f%s\x1f%s\x1e' "$BASH_VERSION" "${BASH_SOURCE-}" >&"$__vst_fd"
    set -T
    __vst_install
  else
    printf '\x1dO\x1f%s\x1e' "${BASH_VERSION-}" >&"$__vst_fd"
  fi 2>&-
fi
