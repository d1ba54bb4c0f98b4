{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Questions fréquentes]]</h1>
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
<form action="/faq" method="get" class="card" role="search">
<div class="field"><label for="q">[[Chercher dans les questions]]</label>
<input id="q" name="q" type="search" maxlength="200" value="{{Q}}"></div>
<p class="actions"><button type="submit" class="button">[[Chercher]]</button></p>
</form>
{{#SEARCHED}}<p role="status">[[Questions trouvées pour]] « {{Q}} » : {{N}}. <a href="/faq">[[Voir toutes les questions]]</a></p>{{/SEARCHED}}
{{#NONE}}<p>[[Aucune question ne correspond à votre recherche.]]</p>{{/NONE}}
{{#ENTRY}}<section class="faq-entry" id="faq-{{ID}}" aria-labelledby="faq-q-{{ID}}">
<h2 id="faq-q-{{ID}}">{{QUESTION}}</h2>
<p>{{ANSWER}}</p>
{{#ASK}}<form action="/faq/{{ID}}/avis" method="post" class="faq-vote">
<input type="hidden" name="csrf" value="{{CSRF}}">
<fieldset><legend>[[Cette réponse a-t-elle répondu à votre question ?]]</legend>
<button type="submit" name="avis" value="oui" class="button secondary">[[Oui]]</button>
<button type="submit" name="avis" value="non" class="button secondary">[[Non]]</button>
</fieldset>
</form>{{/ASK}}
{{#THANKS}}<p class="notice" role="status">[[Merci pour votre avis.]]</p>{{/THANKS}}
<p class="meta">[[Cette réponse a aidé]] {{YES}} [[personne(s) ; elle n'a pas aidé]] {{NO}} [[personne(s).]]</p>
</section>
{{/ENTRY}}
<p class="card">[[Votre titre expire bientôt, vous partez en voyage, il a été perdu ou volé ?]] <a href="/urgence">[[Demander un rendez-vous urgent]]</a></p>
{{>FOOTER}}
