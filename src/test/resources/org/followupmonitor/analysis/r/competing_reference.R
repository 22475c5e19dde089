# Reference numbers for CompetingRisksReferenceTest: the bundled example registry's recurrence with death
# without recurrence as a competing event, analysed in R with follow-up derived from the CSV columns on their own
# (not by followup-monitor's Java code): the bundled analyses recurrence-competing-by-arm and -by-subtype.
#   cd src/test/resources/org/followupmonitor/analysis/r && Rscript competing_reference.R > competing_reference.out
# R 4.2.2, survival 3.5-3, cmprsk 2.2-11.
suppressMessages(library(survival))
suppressMessages(library(cmprsk))
options(digits = 15)
d <- read.csv("../../../../../../../examples/study-cohort.csv", stringsAsFactors = FALSE, na.strings = "")
day <- function(x) as.numeric(as.Date(x))
origin <- ifelse(!is.na(d$surgery_date), day(d$surgery_date), day(d$control_date))
recurred <- !is.na(d$recurrence_date)
dead <- !is.na(d$death_date)
# Cause 1 recurrence at its date; cause 2 death without recurrence at the death date; else censored at last contact.
d$cause <- ifelse(recurred, 1L, ifelse(dead, 2L, 0L))
end <- ifelse(recurred, day(d$recurrence_date), ifelse(dead, day(d$death_date), day(d$last_contact_date)))
d$time <- end - origin
d$arm <- factor(ifelse(!is.na(d$surgery_date), "surgery", "no-surgery"), levels = c("no-surgery", "surgery"))
p <- function(key, value) cat(key, "=", sprintf("%.17g", value), "\n", sep = "")

# Aalen-Johansen by arm: survfit with a factor status (censoring the first level), log intervals (survfit's default).
d$fstatus <- factor(d$cause, levels = 0:2, labels = c("censor", "recurrence", "death"))
fit <- survfit(Surv(time, fstatus) ~ arm, data = d)
s <- summary(fit, times = c(365, 730, 1826))
for (g in levels(d$arm)) {
  rows <- which(sub("arm=", "", as.character(s$strata)) == g)
  for (i in rows) {
    for (cause in c("recurrence", "death")) {
      key <- paste0("cif.", g, ".", cause, ".", s$time[i])
      p(paste0(key, ".nrisk"), s$n.risk[i, 1])
      p(paste0(key, ".est"), s$pstate[i, match(cause, s$states)])
      p(paste0(key, ".se"), s$std.err[i, match(cause, s$states)])
      p(paste0(key, ".lower"), s$lower[i, match(cause, s$states)])
      p(paste0(key, ".upper"), s$upper[i, match(cause, s$states)])
    }
  }
  # The whole curve: every distinct time of the group.
  one <- fit[match(g, levels(d$arm)), ]
  p(paste0("curve.", g, ".size"), length(one$time))
  for (cause in c("recurrence", "death")) {
    p(paste0("events.", g, ".", cause), sum(one$n.event[, match(cause, one$states)]))
    for (i in seq_along(one$time)) {
      key <- paste0("curve.", g, ".", cause, ".", i)
      p(paste0(key, ".time"), one$time[i])
      p(paste0(key, ".est"), one$pstate[i, match(cause, one$states)])
      p(paste0(key, ".se"), one$std.err[i, match(cause, one$states)])
    }
  }
}

# Gray's test by arm, each cause (cmprsk::cuminc, rho = 0).
ci <- cuminc(d$time, d$cause, d$arm, cencode = 0)
for (cause in 1:2) {
  p(paste0("gray.arm.", cause, ".stat"), ci$Tests[cause, "stat"])
  p(paste0("gray.arm.", cause, ".p"), ci$Tests[cause, "pv"])
  p(paste0("gray.arm.", cause, ".df"), ci$Tests[cause, "df"])
}

# Fine-Gray on arm (cmprsk::crr, failcode 1 = recurrence), as the bundled by-arm analysis' Cox block.
x <- model.matrix(~ arm, data = d)[, -1, drop = FALSE]
fg <- crr(d$time, d$cause, x, failcode = 1, cencode = 0)
sf <- summary(fg)
p("crr.armsurgery.coef", fg$coef[1])
p("crr.armsurgery.se", sqrt(fg$var[1, 1]))
# summary.crr rounds its p-value; the same quantity unrounded, and the limits summary prints.
p("crr.armsurgery.p", 2 * pnorm(-abs(fg$coef[1] / sqrt(fg$var[1, 1]))))
p("crr.armsurgery.lower", sf$conf.int[1, "2.5%"])
p("crr.armsurgery.upper", sf$conf.int[1, "97.5%"])
p("crr.n", fg$n)
p("crr.converged", as.numeric(fg$converged))
# The cause-specific Cox model beside it: recurrence, death censored.
cs <- coxph(Surv(time, cause == 1) ~ arm, data = d)
p("cs.armsurgery.coef", coef(cs)[1])

# By subtype: the St Gallen 2013 surrogate rules of docs/events.md (an explicit subtype wins), as in
# study_cohort_reference.R; patients without a subtype are left out (missing group).
k <- suppressWarnings(as.numeric(d$ki67))
hr <- d$er == "positive" | d$pr == "positive"
derived <- ifelse(d$her2 == "unknown" | (d$er == "unknown" & d$pr != "positive") | (d$pr == "unknown" & d$er != "positive"),
  NA,
  ifelse(!hr & d$her2 == "negative", "triple-negative",
    ifelse(!hr & d$her2 == "positive", "her2-enriched",
      ifelse(d$her2 == "positive", "luminal-b-her2",
        ifelse(d$pr == "negative" | (!is.na(k) & k >= 20) | (!is.na(d$grade) & d$grade == "3"), "luminal-b",
          ifelse(d$pr == "positive" & ((!is.na(k) & k < 20) | (!is.na(d$grade) & d$grade %in% c("1", "2"))),
            "luminal-a", NA))))))
d$subtype <- ifelse(is.na(d$subtype), derived, d$subtype)
e <- d[!is.na(d$subtype), ]
p("subtype.n", nrow(e))
ci <- cuminc(e$time, e$cause, e$subtype, cencode = 0)
for (cause in 1:2) {
  p(paste0("gray.subtype.", cause, ".stat"), ci$Tests[cause, "stat"])
  p(paste0("gray.subtype.", cause, ".p"), ci$Tests[cause, "pv"])
  p(paste0("gray.subtype.", cause, ".df"), ci$Tests[cause, "df"])
}
fs <- survfit(Surv(time, fstatus) ~ subtype, data = e)
ss <- summary(fs, times = 730)
for (i in seq_along(ss$time)) {
  g <- sub("subtype=", "", as.character(ss$strata[i]))
  p(paste0("cif.", g, ".recurrence.730.est"), ss$pstate[i, match("recurrence", ss$states)])
  p(paste0("cif.", g, ".recurrence.730.se"), ss$std.err[i, match("recurrence", ss$states)])
  p(paste0("cif.", g, ".death.730.est"), ss$pstate[i, match("death", ss$states)])
  p(paste0("cif.", g, ".death.730.se"), ss$std.err[i, match("death", ss$states)])
}
