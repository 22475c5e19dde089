# Reference numbers for TimeVaryingCoxReferenceTest: the bundled example registry with its patients spread over six
# sites (written here as study-cohort-sites.csv), analysed in R with tmerge's (start, stop] intervals, strata and
# clusters, deriving follow-up independently of followup-monitor's Java code.
#   cd src/test/resources/org/followupmonitor/analysis/r && Rscript time_varying_reference.R > time_varying_reference.out
# R 4.2.2, survival 3.5-3. Output lines: "<analysis>.<key>=<value>", values with sprintf('%.17g').
suppressMessages(library(survival))
options(digits = 15, warn = 1)
d <- read.csv("../../../../../../../examples/study-cohort.csv", stringsAsFactors = FALSE, na.strings = "")
d$site <- c("A", "B", "C", "D", "E", "F")[(seq_len(nrow(d)) %% 6) + 1]
write.csv(d, "study-cohort-sites.csv", row.names = FALSE, na = "", quote = FALSE)
d$id <- seq_len(nrow(d))
day <- function(x) as.numeric(as.Date(x))
dead <- !is.na(d$death_date)
d$end <- ifelse(dead, day(d$death_date), day(d$last_contact_date))
d$status <- as.integer(dead)
p <- function(key, value) cat(key, "=", sprintf("%.17g", value), "\n", sep = "")
pl <- function(key, values) cat(key, "=", paste(sprintf("%.17g", values), collapse = ","), "\n", sep = "")

# Subtype by the St Gallen surrogate rules of docs/events.md (an explicit subtype wins), as study_cohort_reference.R.
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
d$grade <- relevel(factor(d$grade), ref = "3")
d$t_stage <- relevel(factor(d$t_stage), ref = "4")
d$arm <- factor(ifelse(!is.na(d$surgery_date), "surgery", "no-surgery"), levels = c("no-surgery", "surgery"))
d$chemo <- factor(ifelse(!is.na(d$chemotherapy_date), "yes", "no"), levels = c("no", "yes"))

cox_out <- function(name, f) {
  s <- summary(f)
  cf <- s$coefficients
  for (term in rownames(cf)) {
    p(paste0(name, ".", term, ".coef"), cf[term, "coef"])
    p(paste0(name, ".", term, ".se"), cf[term, "se(coef)"])
    if ("robust se" %in% colnames(cf)) p(paste0(name, ".", term, ".robustSe"), cf[term, "robust se"])
    p(paste0(name, ".", term, ".p"), cf[term, "Pr(>|z|)"])
    p(paste0(name, ".", term, ".lower"), s$conf.int[term, "lower .95"])
    p(paste0(name, ".", term, ".upper"), s$conf.int[term, "upper .95"])
  }
  p(paste0(name, ".events"), f$nevent)
  p(paste0(name, ".lr"), -2 * (f$loglik[1] - f$loglik[2]))
  p(paste0(name, ".wald"), f$wald.test)
  p(paste0(name, ".score"), f$score)
  if (!is.null(f$rscore)) p(paste0(name, ".rscore"), f$rscore)
  p(paste0(name, ".concordance"), f$concordance["concordance"])
}
zph_out <- function(name, f, transform = "km") {
  z <- cox.zph(f, transform = transform)
  for (term in rownames(z$table)) {
    p(paste0(name, ".zph.", term, ".chisq"), z$table[term, "chisq"])
    p(paste0(name, ".zph.", term, ".df"), z$table[term, "df"])
    p(paste0(name, ".zph.", term, ".p"), z$table[term, "p"])
  }
}
# (start, stop] intervals from the origin: tdc switches a covariate on for intervals starting at (or after) its day.
intervals <- function(origin, tdcs) {
  base <- d
  base$time <- base$end - origin
  base <- base[!is.na(base$time) & base$time > 0, ]
  td <- tmerge(base[, c("id", "site", "grade", "t_stage", "subtype", "age", "arm", "chemo")], base, id = id,
               death = event(time, status))
  for (v in names(tdcs)) {
    base$sw <- tdcs[[v]][base$id] - origin[base$id]
    td <- do.call(tmerge, c(list(data1 = td, data2 = base, id = quote(id)), setNames(list(quote(tdc(sw))), v)))
  }
  td
}

# 1. tv-diagnosis: from diagnosis; arm switches on at surgery; grade, T stage, subtype fixed.
o <- day(d$diagnosis_date)
td <- intervals(o, list(op = day(d$surgery_date)))
td$op <- factor(ifelse(td$op == 1, "surgery", "no-surgery"), levels = c("no-surgery", "surgery"))
f <- coxph(Surv(tstart, tstop, death) ~ op + grade + t_stage + subtype, data = td)
cox_out("tv-diagnosis", f)
p("tv-diagnosis.n", length(unique(td$id[complete.cases(td[, c("grade", "t_stage", "subtype")])])))
zph_out("tv-diagnosis", f)
cox_out("tv-diagnosis.uni.op", coxph(Surv(tstart, tstop, death) ~ op, data = td))
cox_out("tv-diagnosis.uni.grade", coxph(Surv(tstart, tstop, death) ~ grade, data = td))
# The same model with arm fixed at "operated at any time", on the same subjects (time > 0).
base <- d
base$time <- base$end - o
base <- base[base$time > 0, ]
ff <- coxph(Surv(time, status) ~ arm + grade + t_stage + subtype, data = base)
cox_out("tv-diagnosis.fixed", ff)
zph_out("tv-diagnosis.fixed", ff)
km <- survfit(Surv(tstart, tstop, death) ~ op, data = td)
for (g in c("no-surgery", "surgery")) {
  i <- which(rep(sub("op=", "", names(km$strata)), km$strata) == g)
  key <- paste0("tv-diagnosis.sm.", g)
  pl(paste0(key, ".time"), km$time[i])
  pl(paste0(key, ".atRisk"), km$n.risk[i])
  pl(paste0(key, ".events"), km$n.event[i])
  pl(paste0(key, ".censored"), km$n.censor[i])
  pl(paste0(key, ".survival"), km$surv[i])
  pl(paste0(key, ".stdErr"), km$surv[i] * km$std.err[i])
  pl(paste0(key, ".lower"), km$lower[i])
  pl(paste0(key, ".upper"), km$upper[i])
  p(paste0(key, ".subjects"), length(unique(td$id[td$op == g])))
}

# 2. tv-control-breslow: from systemic control; arm and chemotherapy time-varying (chemotherapy often starts before
# control: on from the start), age; Breslow ties; the rank transform.
o <- day(d$control_date)
td <- intervals(o, list(op = day(d$surgery_date), ch = day(d$chemotherapy_date)))
td$op <- factor(ifelse(td$op == 1, "surgery", "no-surgery"), levels = c("no-surgery", "surgery"))
td$ch <- factor(ifelse(td$ch == 1, "yes", "no"), levels = c("no", "yes"))
f <- coxph(Surv(tstart, tstop, death) ~ op + ch + age, data = td, ties = "breslow")
cox_out("tv-control-breslow", f)
zph_out("tv-control-breslow", f, "rank")

# 3. strata-cluster: from the index date (surgery, else control); grade and T stage, a baseline hazard per
# subtype, patients clustered by site.
o <- ifelse(!is.na(d$surgery_date), day(d$surgery_date), day(d$control_date))
dd <- d
dd$time <- dd$end - o
f <- coxph(Surv(time, status) ~ grade + t_stage + strata(subtype) + cluster(site), data = dd)
cox_out("strata-cluster", f)
zph_out("strata-cluster", f)

# 4. tv-cluster: from diagnosis; arm time-varying, age; strata grade; clusters site; identity transform.
o <- day(d$diagnosis_date)
td <- intervals(o, list(op = day(d$surgery_date)))
td$op <- factor(ifelse(td$op == 1, "surgery", "no-surgery"), levels = c("no-surgery", "surgery"))
f <- coxph(Surv(tstart, tstop, death) ~ op + age + strata(grade) + cluster(site), data = td)
cox_out("tv-cluster", f)
zph_out("tv-cluster", f, "identity")
