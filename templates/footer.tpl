{{%AUTOESCAPE context="HTML"}}
</main>
<footer class="site-footer">
<div class="wrap">
<ul>
<li><a href="/accessibilite">[[Accessibilité : partiellement conforme]]</a></li>
<li><a href="/donnees-personnelles">[[Données personnelles]]</a></li>
<li><a href="/faq">[[Aide]]</a></li>
<li><a href="/qualite">[[Qualité : résultats de l'enquête de satisfaction]]</a></li>
<li><a href="/reclamation">[[Faire une réclamation]]</a></li>
<li><a href="/statut">[[État du service]]</a></li>
</ul>
<p>[[Plateforme mutualisée des communes de Haute-Savoie. Sans internet, appelez votre mairie : un agent prend le rendez-vous pour vous.]]</p>
</div>
</footer>
</body>
</html>
