{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Accessibilité]]</h1>
<p>[[Les communes membres s'engagent à rendre ce service accessible conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.]]</p>
<h2>[[État de conformité]]</h2>
<p>[[Ce service est partiellement conforme au référentiel général d'amélioration de l'accessibilité (RGAA 4.1). Les pages du parcours de réservation sont testées automatiquement à chaque version.]]</p>
<h2>[[Sans JavaScript]]</h2>
<p>[[Toutes les étapes fonctionnent sans JavaScript ; la carte et la géolocalisation sont des compléments facultatifs.]]</p>
<h2>[[Signaler un problème]]</h2>
<p>[[Si vous ne parvenez pas à accéder à un contenu ou à un service, contactez votre mairie : elle prendra le rendez-vous pour vous. Vous pouvez aussi saisir le Défenseur des droits.]]</p>
{{>FOOTER}}
