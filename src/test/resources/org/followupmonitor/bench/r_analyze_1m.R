# The 1,000,000-patient batch job in R, timed against `followup-monitor analyze` (issue 4).
# Usage: Rscript r_analyze_1m.R /tmp/p1m.csv
# Overall survival by arm, as the bundled os-by-arm analysis defines it: index = surgery date when
# operated, else the systemic control date; event = death; time = death date (else last contact) - index.
# Then survfit by arm, survdiff by arm, and a Cox model on grade (reference 3) and T stage (reference 4).
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args) >= 1) args[1] else "/tmp/p1m.csv"
options(digits = 15)

timing <- system.time({
  d <- read.csv(path, stringsAsFactors = FALSE, na.strings = c("", "NA"))
  asDate <- function(x) as.Date(x, format = "%Y-%m-%d")
  surgery <- asDate(d$surgery_date)
  control <- asDate(d$control_date)
  death <- asDate(d$death_date)
  contact <- asDate(d$last_contact_date)
  d$arm <- ifelse(is.na(surgery), "not operated", "operated")
  index <- as.Date(ifelse(is.na(surgery), control, surgery), origin = "1970-01-01")
  end <- as.Date(ifelse(is.na(death), contact, death), origin = "1970-01-01")
  d$status <- as.integer(!is.na(death))
  d$time <- as.numeric(end - index)
  # No index date, or an end before the index: no row (analyze excludes these with a data-quality flag).
  d <- d[!is.na(d$time) & d$time >= 0, ]
  d$grade <- relevel(factor(d$grade), ref = "3")
  d$t_stage <- relevel(factor(d$t_stage), ref = "4")
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  lr <- survdiff(Surv(time, status) ~ arm, data = d)
  cox <- coxph(Surv(time, status) ~ grade + t_stage, data = d)
})

cat(sprintf("subjects: %d, events: %d\n", nrow(d), sum(d$status)))
print(fit)
print(lr)
print(summary(cox)$coefficients)
cat(sprintf("R elapsed s: %.2f (user %.2f, system %.2f)\n", timing[["elapsed"]], timing[["user.self"]],
            timing[["sys.self"]]))
