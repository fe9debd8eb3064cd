/*
 * rusage_run.c - run a command and write its exit status, wall time and
 * peak resident set size to a file, for the process tests.
 *
 *     rusage_run REPORT COMMAND [ARG...]
 *
 * REPORT gets one line: "status S seconds T maxrss_kb K" (S is 128 + the
 * signal number when the command was killed).  A small C parent is used
 * rather than a script's own interpreter because a child's peak RSS
 * counts the pages of the process it was forked from.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: rusage_run REPORT COMMAND [ARG...]\n", stderr);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("rusage_run: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("rusage_run: exec");
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (waitpid(pid, &status, 0) < 0 || getrusage(RUSAGE_CHILDREN, &ru)) {
        perror("rusage_run: waitpid");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec)
                  + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int code = WIFEXITED(status) ? WEXITSTATUS(status)
                                 : 128 + WTERMSIG(status);
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror("rusage_run: report");
        return 2;
    }
    fprintf(f, "status %d seconds %.3f maxrss_kb %ld\n", code, secs,
            ru.ru_maxrss);
    return fclose(f) == 0 ? 0 : 2;
}
