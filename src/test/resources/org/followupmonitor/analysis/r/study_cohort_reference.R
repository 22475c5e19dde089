# Reference numbers for AnalyzeReferenceTest: the bundled example registry analysed in R,
# deriving follow-up independently of followup-monitor's Java code.
#   cd src/test/resources/org/followupmonitor/analysis/r && Rscript study_cohort_reference.R > study_cohort_reference.out
# R 4.2.2, survival 3.5-3.
suppressMessages(library(survival))
options(digits = 15)
d <- read.csv("../../../../../../../examples/study-cohort.csv", stringsAsFactors = FALSE, na.strings = "")
day <- function(x) as.numeric(as.Date(x))
origin <- ifelse(!is.na(d$surgery_date), day(d$surgery_date), day(d$control_date))
dead <- !is.na(d$death_date)
end <- ifelse(dead, day(d$death_date), day(d$last_contact_date))
d$time <- end - origin
d$status <- as.integer(dead)
d$arm <- factor(ifelse(!is.na(d$surgery_date), "surgery", "no-surgery"), levels = c("no-surgery", "surgery"))
p <- function(key, value) cat(key, "=", sprintf("%.17g", value), "\n", sep = "")

fit <- survfit(Surv(time, status) ~ arm, data = d)
s <- summary(fit, times = c(365, 730, 1826))
for (i in seq_along(s$time)) {
  g <- sub("arm=", "", as.character(s$strata[i]))
  p(paste0("km.", g, ".", s$time[i], ".surv"), s$surv[i])
  p(paste0("km.", g, ".", s$time[i], ".se"), s$std.err[i])
  p(paste0("km.", g, ".", s$time[i], ".lower"), s$lower[i])
  p(paste0("km.", g, ".", s$time[i], ".upper"), s$upper[i])
  p(paste0("km.", g, ".", s$time[i], ".nrisk"), s$n.risk[i])
}
lr <- survdiff(Surv(time, status) ~ arm, data = d)
p("logrank.chisq", lr$chisq)
for (h in c(365, 730, 1826)) {
  dh <- d
  over <- dh$time > h
  dh$status[over] <- 0
  dh$time[over] <- h
  p(paste0("logrank.", h, ".chisq"), survdiff(Surv(time, status) ~ arm, data = dh)$chisq)
}

d$grade <- relevel(factor(d$grade), ref = "3")
d$t_stage <- relevel(factor(d$t_stage), ref = "4")
cox_out <- function(name, f) {
  s <- summary(f)
  for (term in rownames(s$coefficients)) {
    p(paste0(name, ".", term, ".coef"), s$coefficients[term, "coef"])
    p(paste0(name, ".", term, ".se"), s$coefficients[term, "se(coef)"])
    p(paste0(name, ".", term, ".p"), s$coefficients[term, "Pr(>|z|)"])
    p(paste0(name, ".", term, ".lower"), s$conf.int[term, "lower .95"])
    p(paste0(name, ".", term, ".upper"), s$conf.int[term, "upper .95"])
  }
  p(paste0(name, ".n"), f$n)
  p(paste0(name, ".events"), f$nevent)
  p(paste0(name, ".lr"), -2 * (f$loglik[1] - f$loglik[2]))
  p(paste0(name, ".wald"), f$wald.test)
  p(paste0(name, ".score"), f$score)
  p(paste0(name, ".concordance"), f$concordance["concordance"])
}
cox_out("grade", coxph(Surv(time, status) ~ grade, data = d))
cox_out("gradeT", coxph(Surv(time, status) ~ grade + t_stage, data = d))

# The study's subtype models (Table 4), as the bundled os-cox-subtype and os-cox-multivariable fit them: subtype
# by the St Gallen 2013 surrogate rules of docs/events.md (an explicit subtype wins), reference triple-negative;
# each model on its complete cases. They must converge on the bundled cohort: no warning.
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
d$subtype <- relevel(factor(d$subtype, levels = c("luminal-a", "luminal-b", "luminal-b-her2", "her2-enriched",
  "triple-negative")), ref = "triple-negative")
warned <- function(name, f) {
  w <- character(0)
  fit <- withCallingHandlers(f(), warning = function(x) { w <<- c(w, conditionMessage(x)); invokeRestart("muffleWarning") })
  cat(name, ".warnings=", length(w), "\n", sep = "")
  fit
}
cox_out("subtype", warned("subtype", function() coxph(Surv(time, status) ~ subtype, data = d)))
cox_out("multi", warned("multi", function() coxph(Surv(time, status) ~ grade + t_stage + subtype, data = d)))
