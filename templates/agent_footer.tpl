{{%AUTOESCAPE context="HTML"}}
</main>
<footer class="site-footer">
<div class="wrap"><p>[[Créneau — espace du personnel des mairies. Chaque action est enregistrée dans le journal.]]</p>
<p>[[La session se ferme après 30 minutes sans activité, et au plus tard 12 heures après la connexion.]]</p></div>
</footer>
</body>
</html>
