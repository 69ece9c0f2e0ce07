import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest, proportions_chisquare
from mpmath import mp, mpf, sqrt as msqrt, erfc
mp.dps=40
def z2(x1,n1,x2,n2):
    x1,n1,x2,n2=map(mpf,(x1,n1,x2,n2))
    p1=x1/n1;p2=x2/n2;p=(x1+x2)/(n1+n2)
    z=(p1-p2)/msqrt(p*(1-p)*(1/n1+1/n2))
    two=erfc(abs(z)/msqrt(2)); lower=erfc(-z/msqrt(2))/2
    return p1,p2,p,z,two,lower
for x1,n1,x2,n2 in [(140,200,255,340),(28,254,36,301),(45,100,30,100),(120,400,150,400),(0,50,5,50)]:
    p1,p2,p,z,two,lower=z2(x1,n1,x2,n2)
    sz,sp=proportions_ztest([x1,x2],[n1,n2])
    print(f"{x1}/{n1} vs {x2}/{n2}: p1={mp.nstr(p1,15)} p2={mp.nstr(p2,15)} pooled={mp.nstr(p,15)} z={mp.nstr(z,20)} two-sided p={mp.nstr(two,20)} one-sided P(Z<=z)={mp.nstr(lower,20)} | statsmodels z={sz!r} p={sp!r} | z^2={mp.nstr(z*z,20)}")
# R prop.test doc example: 4 groups
smokers=np.array([83,90,129,70]); patients=np.array([86,93,136,82])
t=np.vstack([smokers,patients-smokers]).T
c=stats.chi2_contingency(t,correction=False)
print("R prop.test smokers/patients 4-group: X2=",repr(c[0])," df=",c[2]," p=",repr(c[1]))
# NPS
def nps(P,Pa,D,z=mpf('1.959963984540054')):
    n=mpf(P+Pa+D); pp=P/n; pd=D/n
    score=pp-pd; var=pp+pd-score**2; se=msqrt(var/n)
    return score*100, se*100, (score-z*se)*100, (score+z*se)*100
for P,Pa,D in [(50,30,20),(10,5,4),(120,50,30),(40,35,25)]:
    s,se,lo,hi=nps(P,Pa,D)
    print(f"NPS promoters={P} passives={Pa} detractors={D}: NPS={mp.nstr(s,20)} SE={mp.nstr(se,20)} 95% Wald CI=({mp.nstr(lo,20)}, {mp.nstr(hi,20)})")
# NPS difference between two groups (independent) z
def npsdiff(g1,g2):
    a=nps(*g1); b=nps(*g2)
    z=(a[0]-b[0])/msqrt(a[1]**2+b[1]**2); return a[0]-b[0], z, erfc(abs(z)/msqrt(2))
d,z,p=npsdiff((120,50,30),(40,35,25)); print("NPS diff (120,50,30) vs (40,35,25): diff=",mp.nstr(d,20)," z=",mp.nstr(z,20)," two-sided p=",mp.nstr(p,20))
