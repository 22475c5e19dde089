# Shape of the synthetic registry examples/study-cohort.csv against the reference study
# (Soomro et al. 2021). Run from the project root:
#   Rscript src/test/resources/org/followupmonitor/synthetic/r/study-cohort-shape.R examples/study-cohort.csv \
#     > src/test/resources/org/followupmonitor/synthetic/r/study-cohort-shape.out
# R 4.2 with survival; output printed with 15 significant digits.
suppressPackageStartupMessages(library(survival))
options(digits = 15, width = 120)
args <- commandArgs(trailingOnly = TRUE)
file <- if (length(args) >= 1) args[1] else "examples/study-cohort.csv"
d <- read.csv(file, colClasses = "character", na.strings = "")
dt <- function(x) as.Date(x, format = "%Y-%m-%d")

cat("R:", R.version.string, " survival:", as.character(packageVersion("survival")), "\n")
cat("patients:", nrow(d), "\n")
d$arm <- ifelse(is.na(d$surgery_date), "no-surgery", "surgery")
# study's time origin: surgery for operated, systemic control otherwise
d$origin <- dt(ifelse(d$arm == "surgery", d$surgery_date, d$control_date))
d$dead <- !is.na(d$death_date)
d$end <- dt(ifelse(d$dead, d$death_date, d$last_contact_date))
d$time <- as.numeric(d$end - d$origin)
d$recurred <- !is.na(d$recurrence_date)

# St Gallen 2013 surrogate subtype; an explicit subtype wins; Ki-67 cut-off 20%
derive <- function(er, pr, her2, ki67) {
  hr <- er == "positive" | pr == "positive"
  k <- suppressWarnings(as.numeric(ki67))
  ifelse(er == "unknown" | her2 == "unknown", "unknown",
    ifelse(!hr & her2 == "negative", "triple-negative",
      ifelse(!hr & her2 == "positive", "her2-enriched",
        ifelse(hr & her2 == "positive", "luminal-b-her2",
          ifelse(pr == "positive" & !is.na(k) & k < 20, "luminal-a", "luminal-b")))))
}
d$derived <- derive(d$er, d$pr, d$her2, d$ki67)
d$subtype_final <- ifelse(is.na(d$subtype), d$derived, d$subtype)
cat("explicit subtype rows:", sum(!is.na(d$subtype)),
    " explicit disagreeing with receptors:", sum(!is.na(d$subtype) & d$subtype != d$derived), "\n")

cat("\n== arms ==\n"); print(table(d$arm))
cat("\n== deaths by arm ==\n"); print(tapply(d$dead, d$arm, sum))
cat("\n== mortality by arm (%) ==\n"); print(round(100 * tapply(d$dead, d$arm, mean), 1))
cat("\n== recurrences by arm ==\n"); print(tapply(d$recurred, d$arm, sum))
cat("\n== subtype ==\n"); print(table(d$subtype_final))
cat("\n== grade ==\n"); print(table(d$grade, useNA = "ifany"))
cat("\n== t_stage ==\n"); print(table(d$t_stage, useNA = "ifany"))
cat("\n== procedure ==\n"); print(table(d$procedure, useNA = "ifany"))
cat("\n== therapies given ==\n")
print(c(chemotherapy = sum(!is.na(d$chemotherapy_date)), radiotherapy = sum(!is.na(d$radiotherapy_date)),
        hormonal = sum(!is.na(d$hormonal_date)), anti_her2 = sum(!is.na(d$anti_her2_date))))
nsites <- lengths(strsplit(d$metastasis_sites, ";"))
cat("\n== metastasis: single / multiple ==\n"); print(c(single = sum(nsites == 1), multiple = sum(nsites > 1)))
cat("\n== metastasis sites ==\n"); print(table(unlist(strsplit(d$metastasis_sites, ";"))))
age <- as.numeric(d$age)
cat("\nage mean:", mean(age), " sd:", sd(age), "\n")
cat("censored before 1826 days:", sum(!d$dead & d$time < 1826), "\n")
cat("minimum time:", min(d$time), "\n")

cat("\n== overall survival by arm: survfit(Surv(time, dead) ~ arm), summary at 365, 730, 1826 ==\n")
fit <- survfit(Surv(time, dead) ~ arm, data = d)
s <- summary(fit, times = c(365, 730, 1826))
print(data.frame(strata = s$strata, time = s$time, n.risk = s$n.risk, n.event = s$n.event,
                 surv = s$surv, std.err = s$std.err, lower = s$lower, upper = s$upper))
cat("\n== log-rank: survdiff(Surv(time, dead) ~ arm) ==\n")
sd1 <- survdiff(Surv(time, dead) ~ arm, data = d)
cat("chisq:", sd1$chisq, " p:", pchisq(sd1$chisq, 1, lower.tail = FALSE), "\n")

cat("\n== 5-year overall survival by subtype and arm (summary at 1826, extend = TRUE) ==\n")
for (st in sort(unique(d$subtype_final))) {
  for (a in c("surgery", "no-surgery")) {
    x <- d[d$subtype_final == st & d$arm == a, ]
    f <- survfit(Surv(time, dead) ~ 1, data = x)
    ss <- summary(f, times = 1826, extend = TRUE)
    cat(sprintf("%-16s %-11s n=%4d deaths=%3d S(1826)=%.17g\n", st, a, nrow(x), sum(x$dead), ss$surv))
  }
}

cat("\n== disease-free (recurrence only, as the study's Table 3) by arm at 365, 730, 1826 ==\n")
d$rtime <- ifelse(d$recurred, as.numeric(dt(d$recurrence_date) - d$origin), d$time)
s2 <- summary(survfit(Surv(rtime, recurred) ~ arm, data = d), times = c(365, 730, 1826))
print(data.frame(strata = s2$strata, time = s2$time, n.risk = s2$n.risk, surv = s2$surv))
