/* main.c - the cxcalc executable: everything else is in the CLI library. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return cx_cli_main(argc, argv);
}
