# Gray's test on one small sample under both labellings of its two groups (CompetingRisksPropertiesTest,
# sample seed 239, n 8, 2 groups, 3 strata): cuminc leaves the last group out of the statistic, so the pooled
# incidence reaching 1 while a group is still at risk stops it for one labelling and not for the other.
library(cmprsk)
days    <- c(6, 26, 6, 29, 16, 25, 24, 21)
status  <- c(1, 0, 1, 2, 2, 0, 0, 1)
group   <- c(0, 0, 0, 1, 1, 0, 0, 1)
stratum <- c(2, 0, 2, 2, 1, 0, 0, 2)
for (label in c("as drawn", "swapped")) {
  g <- if (label == "as drawn") group else 1 - group
  r <- tryCatch(cuminc(days, status, g, strata = stratum, cencode = 0, rho = 0)$Tests,
                error = function(e) conditionMessage(e))
  if (is.character(r)) {
    cat(label, "error:", r, "\n")
  } else {
    cat(label, "cause 1 stat", sprintf("%.17g", r[1, "stat"]), "df", r[1, "df"], "\n")
  }
}
