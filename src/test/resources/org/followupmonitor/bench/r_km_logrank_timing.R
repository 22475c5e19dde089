# Timing of R's survfit and survdiff on the data shape of KaplanMeierLogRankBenchmark:
# n = 1e6, two groups, exponential survival (medians 730 and 1095 days), uniform censoring over
# 3650 days, whole-day times. Median elapsed seconds of 7 runs (after one warm-up).
# Run: Rscript r_km_logrank_timing.R
suppressMessages(library(survival))
set.seed(20261127)
n <- 1e6
group <- sample(0:1, n, replace = TRUE)
death <- rexp(n, rate = log(2) / ifelse(group == 0, 730, 1095))
censor <- runif(n, 0, 3650)
time <- ceiling(pmin(death, censor))
status <- as.integer(death <= censor)
d <- data.frame(time, status, group)
timeit <- function(expr) {
  f <- function() system.time(eval(expr))[["elapsed"]]
  f()
  median(replicate(7, f()))
}
km_group <- timeit(quote(survfit(Surv(time, status) ~ group, data = d)))
km_pooled <- timeit(quote(survfit(Surv(time, status) ~ 1, data = d)))
lr <- timeit(quote(survdiff(Surv(time, status) ~ group, data = d)))
cat(sprintf("R %s, survival %s, n = %d\n", getRversion(), packageVersion("survival"), n))
cat(sprintf("survfit ~ group : %.1f ms\n", 1000 * km_group))
cat(sprintf("survfit ~ 1     : %.1f ms\n", 1000 * km_pooled))
cat(sprintf("survdiff ~ group: %.1f ms\n", 1000 * lr))
