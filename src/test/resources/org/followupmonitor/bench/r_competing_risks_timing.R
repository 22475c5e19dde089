# Timing of R's survfit (Aalen-Johansen, multi-state) and cmprsk's cuminc (Gray's test) on the data shape of
# CompetingRisksBenchmark: two groups, whole days, recurrence (1) and death without recurrence (2) from
# exponential latent times (medians 1461 / 1826 days for recurrence by group, 2922 for death), uniform
# censoring over 3650 days, 3 random strata. Median elapsed and CPU (user + system) seconds of the runs after
# one warm-up (CPU time tells more than wall time on a shared machine).
# Run: Rscript r_competing_risks_timing.R [n] [runs]    (defaults 1e5 and 5)
suppressMessages({ library(survival); library(cmprsk) })
args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args) >= 1) as.numeric(args[1]) else 1e5
runs <- if (length(args) >= 2) as.integer(args[2]) else 5
set.seed(20261203)
group <- sample(0:1, n, replace = TRUE)
rec <- rexp(n, rate = log(2) / ifelse(group == 0, 1461, 1826))
death <- rexp(n, rate = log(2) / 2922)
censor <- runif(n, 0, 3650)
t <- pmin(rec, death, censor)
time <- ceiling(t)
status <- ifelse(t == censor, 0, ifelse(t == rec, 1, 2))
stratum <- sample(0:2, n, replace = TRUE)
d <- data.frame(time, status, group, stratum)
timeit <- function(expr) {
  f <- function() { st <- system.time(eval(expr)); c(st[["elapsed"]], st[["user.self"]] + st[["sys.self"]]) }
  f()
  apply(matrix(replicate(runs, f()), nrow = 2), 1, median)
}
aj <- timeit(quote(survfit(Surv(time, factor(status, 0:2)) ~ group, data = d)))
gray <- timeit(quote(cuminc(d$time, d$status, d$group)$Tests))
gray3 <- timeit(quote(cuminc(d$time, d$status, d$group, d$stratum)$Tests))
cat(sprintf("R %s, survival %s, cmprsk %s, n = %d, median of %d runs\n", getRversion(),
            packageVersion("survival"), packageVersion("cmprsk"), n, runs))
cat(sprintf("survfit(Surv(time, factor(status)) ~ group): %.1f ms elapsed, %.1f ms CPU\n", 1000 * aj[1],
            1000 * aj[2]))
cat(sprintf("cuminc(time, status, group) (Gray, both causes, with its curves): %.1f ms elapsed, %.1f ms CPU\n",
            1000 * gray[1], 1000 * gray[2]))
cat(sprintf("cuminc(..., strata) 3 strata: %.1f ms elapsed, %.1f ms CPU\n", 1000 * gray3[1], 1000 * gray3[2]))
