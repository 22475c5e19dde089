# Lan-DeMets boundaries at uneven and over-running formal looks, for LookBoundariesReferenceTest.
# Run here: Rscript look_boundaries_reference.R > look_boundaries_reference.txt   (rpact 3.3.4, R 4.2)
#
# A look is a data cut: its information fraction is events / planned. The monitor's convention for over-running
# (gsDesign's): the spending time is capped at 1, so the look that reaches the planned events spends all alpha
# left, while the correlation between looks comes from the events actually observed. rpact computes exactly that
# with user-defined spending alpha(min(1, events / planned)) at information rates events / final events.
# Spending functions are written with upper tails (pnorm(..., lower.tail = FALSE)), as the Java code does:
# 2 - 2 * pnorm(x) loses the tiny early O'Brien-Fleming increments to cancellation.
# Columns: case spending planned look events informationFraction alphaSpent boundary (two-sided, sided = 2).
suppressMessages(library(rpact))
of <- function(t, a) 4 * pnorm(qnorm(a / 4, lower.tail = FALSE) / sqrt(t), lower.tail = FALSE)
pocock <- function(t, a) a * log(1 + (exp(1) - 1) * t)
run <- function(name, spendingName, spend, events, planned, alpha = 0.05) {
  info <- events / max(events)
  st <- pmin(1, events / planned)
  cum <- pmin(spend(st, alpha), alpha)
  if (length(events) == 1) {
    crit <- qnorm(cum / 2, lower.tail = FALSE)
  } else {
    d <- getDesignGroupSequential(kMax = length(events), alpha = alpha, sided = 2, typeOfDesign = "asUser",
                                  informationRates = info, userAlphaSpending = cum)
    crit <- d$criticalValues
  }
  for (k in seq_along(events)) {
    cat(name, spendingName, planned, k, events[k], sprintf("%.17g", st[k]), sprintf("%.17g", cum[k]),
        sprintf("%.17g", crit[k]), "\n")
  }
}
uneven <- c(7, 13, 19, 26, 43, 61, 84, 114, 120)
over <- c(13, 31, 62, 95, 130)
run("uneven", "obrien-fleming", of, uneven, 120)
run("uneven", "pocock", pocock, uneven, 120)
run("over", "obrien-fleming", of, over, 120)
run("over", "pocock", pocock, over, 120)
run("first-over", "obrien-fleming", of, c(125), 120)
run("quarters", "obrien-fleming", of, c(50, 100, 150, 200), 200)
run("quarters", "pocock", pocock, c(50, 100, 150, 200), 200)
