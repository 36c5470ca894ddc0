# Completes a command line in an interactive zsh, as a user pressing TAB would, and prints what
# the terminal shows (carriage returns removed). Used by tests/cli/help_test.cc.
#   zsh -f complete_in_zsh.zsh FPATH_DIR BIN_DIR 'tianmu sim --dur'
# FPATH_DIR holds _tianmu; BIN_DIR holds the tianmu binary. TIANMU_ASSETS is passed on.
zmodload zsh/zpty || exit 3
zpty z "env PS1='> ' TERM=dumb zsh -f -i"
zpty -w z "fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D; path=(${(q)2} \$path)"
sleep 1
zpty -n -w z "$3"$'\t'
sleep 3  # completion runs `tianmu robots --names` for robot names; give it time
screen=""
while zpty -r -t z chunk; do screen+=$chunk; done
zpty -d z
print -r -- "${screen//$'\r'/}"
