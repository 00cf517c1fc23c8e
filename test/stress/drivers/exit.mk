# Exit-status matrix under make: one recipe per case, run with -i so make reports each
# status ("Error 42", "Interrupt", "Killed", …) and goes on. $(W) is the wrapper:
# empty for the bare command, "vstrace run --" or the nested pair.
c%:
	$(W) sh -c 'exit $*'
s%:
	$(W) sh -c 'kill -$* $$$$'
